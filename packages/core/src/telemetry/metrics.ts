import type { Attributes, BatchObservableResult } from '@opentelemetry/api';
import { Instruments } from './internal/instruments.js';
import type { TelemetryAttributes } from './span.js';

/** Options of an instrument. */
export interface InstrumentOptions {
  /** What the instrument measures, for people reading the metric. */
  readonly description: string;
  /** UCUM unit, e.g. `s`, `{message}`. */
  readonly unit: string;
}

/** Options of a {@link histogram}. */
export interface HistogramOptions extends InstrumentOptions {
  /** Bucket boundaries advised to the SDK. @default the SDK's */
  readonly buckets?: readonly number[] | undefined;
}

/** A monotonic sum, e.g. messages published. */
export interface Counter {
  /** Adds `value` to the sum with these attributes. */
  add(value: number, attributes?: TelemetryAttributes): void;
}

/** A distribution, e.g. append durations in seconds. */
export interface Histogram {
  /** Records one measurement with these attributes. */
  record(value: number, attributes?: TelemetryAttributes): void;
  /** Whether an SDK records it: attributes made only for it can be skipped when not. */
  readonly recording: boolean;
}

/** Reports the values of observable gauges when the SDK collects. */
export type GaugeObserver = (
  observe: (gauge: string, value: number, attributes?: TelemetryAttributes) => void,
) => Promise<void> | void;

/** Durations of storage and broker operations, in seconds: 0.5 ms to 10 s. */
export const durationBuckets: readonly number[] = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** A counter through the OpenTelemetry metrics API; records nothing without an SDK. */
export function counter(name: string, options: InstrumentOptions): Counter {
  const instruments = new Instruments((meter) => meter.createCounter(name, options));
  return { add: (value, attributes) => instruments.current?.add(value, defined(attributes)) };
}

/** A histogram through the OpenTelemetry metrics API; records nothing without an SDK. */
export function histogram(name: string, options: HistogramOptions): Histogram {
  const { buckets, ...rest } = options;
  const instruments = new Instruments((meter) =>
    meter.createHistogram(name, {
      ...rest,
      ...(buckets ? { advice: { explicitBucketBoundaries: [...buckets] } } : {}),
    }),
  );
  return {
    record: (value, attributes) => instruments.current?.record(value, defined(attributes)),
    get recording() {
      return instruments.current !== undefined;
    },
  };
}

/**
 * Observable gauges whose values `observer` reports at each collection (e.g. the outbox backlog, read from
 * storage), registered with the meter provider registered now. @returns a function that unregisters them
 */
export function observeGauges(
  gauges: Readonly<Record<string, InstrumentOptions>>,
  observer: GaugeObserver,
): () => void {
  const made = new Instruments((meter) => {
    const instruments = new Map(
      Object.entries(gauges).map(([name, options]) => [name, meter.createObservableGauge(name, options)]),
    );
    const callback = async (result: BatchObservableResult): Promise<void> => {
      await observer((gauge, value, attributes) => {
        const instrument = instruments.get(gauge);
        if (instrument) result.observe(instrument, value, defined(attributes));
      });
    };
    meter.addBatchObservableCallback(callback, [...instruments.values()]);
    return () => meter.removeBatchObservableCallback(callback, [...instruments.values()]);
  }).current;
  return made ?? (() => undefined);
}

function defined(attributes: TelemetryAttributes | undefined): Attributes | undefined {
  if (!attributes) return undefined;
  const kept: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) kept[key] = value;
  }
  return kept;
}
