import { IntegrityError } from '../errors/index.js';
import type { ReadEvent, ReadSnapshot } from '../storage/records.js';

/** What the mapper stores of an event: its time, its class version and its payload. */
export interface EventBody {
  t: number;
  v: number;
  p: Record<string, unknown>;
}

/** What the mapper stores of an aggregate: created and modified times, and its fields. */
export interface SnapshotBody {
  c: number | null;
  t: number | null;
  s: Record<string, unknown>;
  /** Fields whose value is `undefined`, which JSON would otherwise drop. */
  u?: string[];
}

/**
 * Refuses decoded state that is not an {@link EventBody}: state that no mapper wrote would otherwise fail
 * later with a TypeError, or make an event with an invalid time.
 * @param stored the record, named in the message
 */
export function assertEventBody(body: unknown, stored: ReadEvent): asserts body is EventBody {
  if (
    !isRecord(body) ||
    !isTime(body['t']) ||
    !Number.isSafeInteger(body['v']) ||
    typeof body['p'] !== 'object' ||
    body['p'] === null
  ) {
    throw new IntegrityError(
      `state of ${describeRecord(stored)} is not an event: it lacks a time, a class version or a payload`,
    );
  }
}

/** Refuses decoded state that is not a {@link SnapshotBody}. @param stored the record, named in the message */
export function assertSnapshotBody(body: unknown, stored: ReadSnapshot): asserts body is SnapshotBody {
  const undefinedKeys = isRecord(body) ? body['u'] : undefined;
  if (
    !isRecord(body) ||
    !(body['c'] === null || isTime(body['c'])) ||
    !(body['t'] === null || isTime(body['t'])) ||
    !isRecord(body['s']) ||
    !(
      undefinedKeys === undefined ||
      (Array.isArray(undefinedKeys) && undefinedKeys.every((key) => typeof key === 'string'))
    )
  ) {
    throw new IntegrityError(
      `state of ${describeRecord(stored)} is not a snapshot: it lacks its times or its fields`,
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A record as messages name it, e.g. `Account.Opened v1 of 0190…`: built only for a message, as every read
 * of every event passes the record along.
 */
export function describeRecord(stored: ReadEvent): string {
  return `${stored.topic} v${stored.originatorVersion} of ${stored.originatorId}`;
}

/** The largest distance from the epoch, in ms, of a valid `Date` (ECMAScript's TimeClip). */
const MAX_TIME = 8.64e15;

/** A time `new Date` takes as a valid date, found without making one (NaN fails the comparison too). */
function isTime(value: unknown): value is number {
  return typeof value === 'number' && Math.abs(value) <= MAX_TIME;
}
