import { installOpenTelemetrySdk } from './opentelemetry-sdk.js';
import type { Meters } from './bench-domain.js';
import { relayRate, type Target } from './relay-throughput.js';

/**
 * The relay's rate with an OpenTelemetry SDK registered for the whole round: the rows are written by traced
 * saves, as in a traced service, and the relay publishes each save's rows in a span.
 */
export async function tracedRelayRate(app: Meters, target: Target, count: number): Promise<number> {
  const sdk = installOpenTelemetrySdk();
  let rate: number;
  try {
    rate = await relayRate(app, target, count);
  } catch (error) {
    await sdk.uninstall();
    throw error;
  }
  const spans = await sdk.uninstall();
  // At least a save span and a publish span per append of 100 rows.
  const expected = 2 * Math.ceil(count / 100);
  if (spans < expected) throw new Error(`tracing was not on: ${spans} spans, expected ${expected} or more`);
  return rate;
}
