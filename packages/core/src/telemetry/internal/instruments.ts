import type { Meter, MeterProvider } from '@opentelemetry/api';
import { openTelemetry, scope } from './open-telemetry.js';

/**
 * Instruments made from the registered meter provider, made again when another is registered: unlike
 * tracing, the metrics API has no proxy, so instruments made before the SDK is registered record nothing.
 */
export class Instruments<T> {
  readonly #make: (meter: Meter) => T;
  #provider: MeterProvider | undefined;
  #made: T | undefined;

  constructor(make: (meter: Meter) => T) {
    this.#make = make;
  }

  /**
   * The instruments of the registered provider; undefined without the OpenTelemetry API or while no SDK is
   * registered, so that measurements cost nothing then (not even their attributes).
   */
  get current(): T | undefined {
    if (!openTelemetry) return undefined;
    const provider = openTelemetry.metrics.getMeterProvider();
    if (provider !== this.#provider) {
      this.#provider = provider;
      const meter = provider.getMeter(scope);
      // Without an SDK, the API hands out its no-op meter, whose instruments record nothing.
      this.#made = meter === openTelemetry.createNoopMeter() ? undefined : this.#make(meter);
    }
    return this.#made;
  }
}
