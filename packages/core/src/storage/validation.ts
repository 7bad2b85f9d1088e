import { ValidationError } from '../errors/index.js';
import type { AppendOptions } from './active-record-strategy.js';
import type { OutboxMessage, StoredEvent } from './records.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its canonical textual form. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Rejects an id that is not a UUID, before it reaches storage. */
export function assertUuid(value: unknown, what = 'originatorId'): asserts value is string {
  if (!isUuid(value)) throw new ValidationError(`${what} must be a UUID; got ${JSON.stringify(value)}`);
}

/** Rejects a version that is not an integer >= 1. */
export function assertVersion(value: unknown, what = 'originatorVersion'): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new ValidationError(`${what} must be an integer >= 1; got ${String(value)}`);
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
  for (const event of events) {
    assertUuid(event.originatorId);
    assertVersion(event.originatorVersion, `originatorVersion of ${event.originatorId}`);
    if (typeof event.topic !== 'string' || event.topic.length === 0) {
      throw new ValidationError(
        `topic of ${event.originatorId} v${event.originatorVersion} must be a non-empty string`,
      );
    }
    if (!(event.state instanceof Uint8Array)) {
      throw new ValidationError(
        `state of ${event.originatorId} v${event.originatorVersion} must be a Uint8Array`,
      );
    }
    const last = lastVersions.get(event.originatorId);
    if (last !== undefined && event.originatorVersion !== last + 1) {
      throw new ValidationError(
        `versions of ${event.originatorId} in one batch must be consecutive; ${event.originatorVersion} follows ${last}`,
      );
    }
    lastVersions.set(event.originatorId, event.originatorVersion);
  }
  if (tracking) {
    if (typeof tracking.application !== 'string' || tracking.application.length === 0) {
      throw new ValidationError('tracking.application must be a non-empty string');
    }
    assertVersion(tracking.position, 'tracking.position');
  }
  const ids = new Set<string>();
  for (const message of outbox) validateOutboxMessage(message, ids);
}

function validateOutboxMessage(message: OutboxMessage, ids: Set<string>): void {
  if (typeof message.id !== 'string' || message.id.length === 0 || ids.has(message.id)) {
    throw new ValidationError(
      `outbox message ids must be unique non-empty strings; got ${JSON.stringify(message.id)}`,
    );
  }
  ids.add(message.id);
  for (const field of ['orderingKey', 'exchange', 'routingKey', 'contentType'] as const) {
    // The empty exchange is AMQP's default exchange, which routes to the queue named by the routing key.
    const empty = field !== 'exchange' && message[field] === '';
    if (typeof message[field] !== 'string' || empty) {
      throw new ValidationError(`${field} of outbox message ${message.id} must be a non-empty string`);
    }
  }
  if (!(message.body instanceof Uint8Array)) {
    throw new ValidationError(`body of outbox message ${message.id} must be a Uint8Array`);
  }
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (typeof value !== 'string') {
      throw new ValidationError(`header ${name} of outbox message ${message.id} must be a string`);
    }
  }
  if (message.event !== undefined) {
    assertUuid(message.event.originatorId, `event.originatorId of outbox message ${message.id}`);
    assertVersion(message.event.originatorVersion, `event.originatorVersion of outbox message ${message.id}`);
  }
}

/** Rejects a malformed range before it reaches storage. */
export function validateRange(range: {
  gt?: number | undefined;
  lte?: number | undefined;
  limit?: number | undefined;
}): void {
  for (const key of ['gt', 'lte', 'limit'] as const) {
    const value = range[key];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new ValidationError(`${key} must be an integer >= 0; got ${String(value)}`);
    }
  }
}

/** Rejects a malformed notification-log query before it reaches storage. */
export function validateNotificationQuery(query: {
  start: number;
  limit: number;
  stop?: number | undefined;
}): void {
  assertVersion(query.start, 'start');
  assertVersion(query.limit, 'limit');
  if (query.stop !== undefined && !Number.isSafeInteger(query.stop)) {
    throw new ValidationError(`stop must be an integer; got ${String(query.stop)}`);
  }
}

/** Checks a `recordProcessedMessages` call: a non-empty consumer name and non-empty message ids. */
export function validateProcessedMessages(consumer: unknown, messageIds: readonly unknown[]): void {
  if (typeof consumer !== 'string' || consumer.length === 0) {
    throw new ValidationError(`consumer must be a non-empty string; got ${JSON.stringify(consumer)}`);
  }
  if (!Array.isArray(messageIds)) {
    throw new ValidationError(`messageIds must be an array; got ${JSON.stringify(messageIds)}`);
  }
  for (const id of messageIds) {
    if (typeof id !== 'string' || id.length === 0) {
      throw new ValidationError(`each message id must be a non-empty string; got ${JSON.stringify(id)}`);
    }
  }
}
