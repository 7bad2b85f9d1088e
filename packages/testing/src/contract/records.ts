import { randomUUID } from 'node:crypto';
import type { StoredEvent } from '@annals/core';

/** A fresh aggregate id. */
export const newId = (): string => randomUUID();

/** UTF-8 bytes of a string. */
export const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));

/** Stored events for versions `from..to` of one aggregate. */
export function history(
  originatorId: string,
  from: number,
  to: number,
  topic = 'Contract.Happened',
): StoredEvent[] {
  const events: StoredEvent[] = [];
  for (let version = from; version <= to; version++) {
    events.push({ originatorId, originatorVersion: version, topic, state: bytes(`{"n":${version}}`) });
  }
  return events;
}

/** The identity of stored events, for comparisons that ignore state. */
export const versions = (events: readonly StoredEvent[]): number[] => events.map((e) => e.originatorVersion);
