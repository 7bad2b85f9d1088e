import { depositFor, type Deposit } from './deposit.js';

/** The bytes Annals' mapper stores for an event without a layer: JSON of time, class version and payload. */
export interface Envelope {
  readonly t: number;
  readonly v: number;
  readonly p: Deposit;
}

/** The bytes a raw contender stores for the deposit that takes an aggregate to `version`. */
export function encodeEnvelope(version: number): Buffer {
  const envelope: Envelope = { t: Date.now(), v: 1, p: depositFor(version) };
  return Buffer.from(JSON.stringify(envelope));
}

/**
 * What a user of a raw driver does to a row's bytes to get a usable object, and all a raw contender does per
 * row on every store: decode the UTF-8 and parse the JSON.
 */
export function decodeEnvelope(state: Buffer): Envelope {
  return JSON.parse(state.toString('utf8')) as Envelope;
}
