import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { MeterProvider, MetricReader, type DataPoint, type MetricData } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';

/** A metric reader that collects when asked, as the SDK's periodic reader does on its timer. */
class OnDemandReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** What the OpenTelemetry SDK recorded in this process. */
export interface RecordedTelemetry {
  /** The finished spans, oldest first; those named `name` only, when given. */
  spans(name?: string): ReadableSpan[];
  /** The data points of the metric `name`, collected now; empty when nothing was recorded. */
  dataPoints(name: string): Promise<DataPoint<unknown>[]>;
  /** The metric `name` as collected now. */
  metric(name: string): Promise<MetricData | undefined>;
}

let recorded: RecordedTelemetry | undefined;

/**
 * Registers the OpenTelemetry SDK for this process (once) with an in-memory span exporter, an on-demand
 * metric reader, the AsyncLocalStorage context manager and the W3C trace-context propagator, as an
 * application's SDK set-up would; tests read what Annals recorded through it.
 */
export function recordTelemetry(): RecordedTelemetry {
  if (recorded) return recorded;
  const exporter = new InMemorySpanExporter();
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const reader = new OnDemandReader();
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  const metric = async (name: string): Promise<MetricData | undefined> => {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .find((m) => m.descriptor.name === name);
  };
  recorded = {
    spans: (name) => exporter.getFinishedSpans().filter((span) => name === undefined || span.name === name),
    metric,
    dataPoints: async (name) => (await metric(name))?.dataPoints ?? [],
  };
  return recorded;
}
