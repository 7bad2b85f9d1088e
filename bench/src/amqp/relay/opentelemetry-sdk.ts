import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';

/** An exporter that counts spans and drops them: the SDK's cost in this process, without a collector's. */
class CountingSpanExporter implements SpanExporter {
  spans = 0;
  export(spans: readonly unknown[], done: (result: ExportResult) => void): void {
    this.spans += spans.length;
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** An installed SDK: how many spans it exported, and how to remove it. */
export interface InstalledSdk {
  /** Exports the spans ended so far. @returns how many spans it exported since it was installed */
  exportedSpans(): Promise<number>;
  /** Flushes and removes the SDK. */
  uninstall(): Promise<void>;
}

/**
 * Registers the OpenTelemetry SDK as an application would for production: traces through a batch span
 * processor (sampling everything), metrics through a periodic reader, the AsyncLocalStorage context
 * manager and the W3C propagator. Exporters drop what they get, so no collector's cost is measured.
 */
export function installOpenTelemetrySdk(): InstalledSdk {
  const exporter = new CountingSpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  const meterProvider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
        exportIntervalMillis: 1000,
      }),
    ],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return {
    async exportedSpans() {
      await tracerProvider.forceFlush();
      return exporter.spans;
    },
    async uninstall() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      trace.disable();
      metrics.disable();
      context.disable();
      propagation.disable();
    },
  };
}
