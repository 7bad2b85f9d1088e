import { openTelemetry } from './internal/open-telemetry.js';

/** Message headers that may carry a trace context: an outbox message's, an AMQP message's, a request's. */
export type TraceCarrier = Readonly<Record<string, unknown>>;

/**
 * The trace context of the active span as headers, through the registered propagator (W3C `traceparent`
 * and `tracestate` by default): written into outbox messages so a consumer's handling joins the trace of
 * the save. Empty when nothing is traced.
 */
export function activeTraceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  openTelemetry?.propagation.inject(openTelemetry.context.active(), headers);
  return headers;
}

/** Whether `carrier` holds a trace context the registered propagator reads. */
export function hasTraceContext(carrier: TraceCarrier): boolean {
  return openTelemetry !== undefined && openTelemetry.propagation.fields().some((field) => field in carrier);
}

/** The ids of a span, as log records carry them. */
export interface TraceIds {
  /** The trace's id: 32 lower-case hex digits. */
  readonly traceId: string;
  /** The span's id: 16 lower-case hex digits. */
  readonly spanId: string;
}

/** The trace and span ids of the active span, for log records; undefined when nothing is traced. */
export function activeTraceIds(): TraceIds | undefined {
  const span = openTelemetry?.trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return openTelemetry?.isSpanContextValid(span.spanContext()) ? { traceId, spanId } : undefined;
}
