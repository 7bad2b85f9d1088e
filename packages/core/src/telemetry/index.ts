/**
 * The thin layer through which Annals traces and measures, over the OpenTelemetry API when the application
 * installed it (`@opentelemetry/api`, an optional peer dependency) and an SDK registered it; without either
 * it records nothing and costs nothing. For Annals' own packages: applications configure the SDK.
 *
 * @module @annals/core/telemetry
 */
export {
  counter,
  durationBuckets,
  histogram,
  observeGauges,
  type Counter,
  type GaugeObserver,
  type Histogram,
  type HistogramOptions,
  type InstrumentOptions,
} from './metrics.js';
export {
  inSpan,
  startSpan,
  type SpanKind,
  type SpanOptions,
  type TelemetryAttributes,
  type TracedSpan,
} from './span.js';
export {
  activeTraceHeaders,
  activeTraceIds,
  hasTraceContext,
  type TraceCarrier,
  type TraceIds,
} from './trace-headers.js';
