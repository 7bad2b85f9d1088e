import { IntegrityError } from '../errors/index.js';

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
 * @param what names the record, for the message
 */
export function assertEventBody(body: unknown, what: string): asserts body is EventBody {
  if (
    !isRecord(body) ||
    !isTime(body['t']) ||
    !Number.isSafeInteger(body['v']) ||
    typeof body['p'] !== 'object' ||
    body['p'] === null
  ) {
    throw new IntegrityError(
      `state of ${what} is not an event: it lacks a time, a class version or a payload`,
    );
  }
}

/** Refuses decoded state that is not a {@link SnapshotBody}. @param what names the record, for the message */
export function assertSnapshotBody(body: unknown, what: string): asserts body is SnapshotBody {
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
    throw new IntegrityError(`state of ${what} is not a snapshot: it lacks its times or its fields`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A time `new Date` takes as a valid date. */
function isTime(value: unknown): value is number {
  return typeof value === 'number' && !Number.isNaN(new Date(value).getTime());
}
