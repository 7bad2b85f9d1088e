import { randomUUID } from 'node:crypto';
import { stateBytes, type ReadEvent, type StoredEvent } from '@annals/core';

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
export const versions = (events: readonly ReadEvent[]): number[] => events.map((e) => e.originatorVersion);

/** A record read back with its state as bytes, whether the store handed back bytes or text. */
export const asStored = (event: ReadEvent): StoredEvent => ({ ...event, state: stateBytes(event.state) });
