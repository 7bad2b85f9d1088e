import type { Context } from '@opentelemetry/api';
import type { TraceCarrier } from '../trace-headers.js';
import { openTelemetry } from './open-telemetry.js';

const getter = {
  keys: (carrier: TraceCarrier): string[] => Object.keys(carrier),
  get: (carrier: TraceCarrier, key: string): string | undefined => {
    const value = carrier[key] ?? carrier[key.toLowerCase()];
    if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
    if (Buffer.isBuffer(value)) return value.toString('utf8');
    return typeof value === 'string' ? value : undefined;
  },
};

/** The context `carrier` continues, on top of the active one. */
export function extractedContext(carrier: TraceCarrier): Context | undefined {
  if (!openTelemetry) return undefined;
  return openTelemetry.propagation.extract(openTelemetry.context.active(), carrier, getter);
}
