import { ValidationError } from '../errors/index.js';
import type { AppendOptions } from './active-record-strategy.js';
import type { OutboxMessage, StoredEvent } from './records.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A surrogate not paired with its other half: with the `u` flag, paired ones read as one code point. */
const LONE_SURROGATE = /\p{Surrogate}/u;
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The highest version an aggregate can reach: what every store holds (PostgreSQL's `integer`). */
export const MAX_VERSION = 2 ** 31 - 1;

/** The highest position, limit or count: the largest integer JavaScript numbers hold exactly. */
export const MAX_POSITION = Number.MAX_SAFE_INTEGER;

/** True for a UUID in its textual form, in either case. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * Rejects an id that is not a UUID in canonical (lower-case) form, before it reaches storage: every store,
 * the notification log and the cipher's authenticated data then agree on one spelling of each id.
 */
export function assertUuid(value: unknown, what = 'originatorId'): asserts value is string {
  if (typeof value === 'string' && CANONICAL_UUID.test(value)) return;
  const rule = isUuid(value) ? 'in lower case' : 'a UUID';
  throw new ValidationError(`${what} must be ${rule}; got ${JSON.stringify(value)}`);
}

/** Rejects a version that is not an integer from 1 to {@link MAX_VERSION}. */
export function assertVersion(value: unknown, what = 'originatorVersion'): asserts value is number {
  assertInteger(value, what, 1, MAX_VERSION);
}

/** Rejects a position, limit or count that is not an integer from 1 to {@link MAX_POSITION}. */
export function assertPosition(value: unknown, what: string): asserts value is number {
  assertInteger(value, what, 1, MAX_POSITION);
}

/** Rejects a value that is not an integer from `min` to `max`, naming it `what`. */
export function assertInteger(
  value: unknown,
  what: string,
  min: number,
  max: number,
): asserts value is number {
  if (!isIntegerIn(value, min, max)) {
    throw new ValidationError(`${what} must be an integer from ${min} to ${max}; got ${String(value)}`);
  }
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
}

/**
 * Rejects text a store could not hold exactly: a non-string, an empty string (unless allowed), a string
 * that is not well-formed Unicode (a lone surrogate would be stored as U+FFFD), or one holding NUL
 * (PostgreSQL's text cannot).
 */
export function assertText(
  value: unknown,
  what: string,
  options: { empty?: boolean } = {},
): asserts value is string {
  if (typeof value !== 'string' || (value.length === 0 && !options.empty)) {
    throw new ValidationError(`${what} must be a non-empty string; got ${JSON.stringify(value)}`);
  }
  if (LONE_SURROGATE.test(value)) {
    throw new ValidationError(
      `${what} must be well-formed Unicode (it holds a lone surrogate); got ${JSON.stringify(value)}`,
    );
  }
  if (value.includes('\u0000')) {
    throw new ValidationError(`${what} must not hold NUL characters; got ${JSON.stringify(value)}`);
  }
}

/**
 * Checks an append before anything reaches storage: a non-empty batch, UUID ids, versions >= 1 and
 * consecutive per aggregate within the batch, well-formed tracking and outbox records.
 */
export function validateAppend(events: readonly StoredEvent[], options: AppendOptions = {}): void {
  const { tracking, outbox = [] } = options;
  if (events.length === 0 && !tracking && outbox.length === 0) {
    throw new ValidationError('cannot append an empty batch: no events, tracking record or outbox messages');
  }
  const lastVersions = new Map<string, number>();
  // An append mostly holds one aggregate's events of a few topics: an id or a topic is checked where it
  // differs from the event before's, and messages are made only for what is refused.
  let previous: StoredEvent | undefined;
  for (const event of events) {
    const { originatorId, originatorVersion, topic, state } = event;
    if (!previous || originatorId !== previous.originatorId) assertUuid(originatorId);
    if (!isIntegerIn(originatorVersion, 1, MAX_VERSION)) {
      assertVersion(originatorVersion, `originatorVersion of ${originatorId}`);
    }
    if (!previous || topic !== previous.topic) {
      assertText(topic, `topic of ${originatorId} v${originatorVersion}`);
    }
    if (!(state instanceof Uint8Array)) {
      throw new ValidationError(`state of ${originatorId} v${originatorVersion} must be a Uint8Array`);
    }
    const last = lastVersions.get(originatorId);
    if (last !== undefined && originatorVersion !== last + 1) {
      throw new ValidationError(
        `versions of ${originatorId} in one batch must be consecutive; ${originatorVersion} follows ${last}`,
      );
    }
    lastVersions.set(originatorId, originatorVersion);
    previous = event;
  }
  if (tracking) {
    assertText(tracking.application, 'tracking.application');
    assertPosition(tracking.position, 'tracking.position');
  }
  const ids = new Set<string>();
  for (const message of outbox) validateOutboxMessage(message, ids);
}

function validateOutboxMessage(message: OutboxMessage, ids: Set<string>): void {
  assertText(message.id, 'outbox message id');
  if (ids.has(message.id)) {
    throw new ValidationError(
      `outbox message ids must be unique; ${JSON.stringify(message.id)} appears twice`,
    );
  }
  ids.add(message.id);
  for (const field of ['orderingKey', 'exchange', 'routingKey', 'contentType'] as const) {
    // The empty exchange is AMQP's default exchange, which routes to the queue named by the routing key.
    assertText(message[field], `${field} of outbox message ${message.id}`, { empty: field === 'exchange' });
  }
  if (!(message.body instanceof Uint8Array)) {
    throw new ValidationError(`body of outbox message ${message.id} must be a Uint8Array`);
  }
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    assertText(name, `a header name of outbox message ${message.id}`);
    assertText(value, `header ${name} of outbox message ${message.id}`, { empty: true });
  }
  if (message.event !== undefined) {
    assertUuid(message.event.originatorId, `event.originatorId of outbox message ${message.id}`);
    assertVersion(message.event.originatorVersion, `event.originatorVersion of outbox message ${message.id}`);
  }
}

/**
 * Rejects a malformed range of an aggregate's events before it reaches storage: `gt` and `lte` are versions
 * from 0 to {@link MAX_VERSION}, `limit` a count from 0 to {@link MAX_POSITION}.
 */
export function validateRange(range: {
  gt?: number | undefined;
  lte?: number | undefined;
  limit?: number | undefined;
}): void {
  for (const key of ['gt', 'lte'] as const) {
    if (range[key] !== undefined) assertInteger(range[key], key, 0, MAX_VERSION);
  }
  if (range.limit !== undefined) assertInteger(range.limit, 'limit', 0, MAX_POSITION);
}

/** Rejects a malformed notification-log query before it reaches storage. */
export function validateNotificationQuery(query: {
  start: number;
  limit: number;
  stop?: number | undefined;
  topics?: readonly string[] | undefined;
}): void {
  assertPosition(query.start, 'start');
  assertPosition(query.limit, 'limit');
  if (query.stop !== undefined) assertInteger(query.stop, 'stop', -MAX_POSITION, MAX_POSITION);
  for (const topic of query.topics ?? []) assertText(topic, 'a topic of the query');
}

/** Checks a `recordProcessedMessages` call: a non-empty consumer name and non-empty message ids. */
export function validateProcessedMessages(consumer: unknown, messageIds: readonly unknown[]): void {
  assertText(consumer, 'consumer');
  if (!Array.isArray(messageIds)) {
    throw new ValidationError(`messageIds must be an array; got ${JSON.stringify(messageIds)}`);
  }
  for (const id of messageIds) assertText(id, 'a message id');
}
