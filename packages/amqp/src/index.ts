/**
 * The transactional outbox relay to RabbitMQ, topic subscriptions and idempotent consumers.
 *
 * @module @annals/amqp
 */
export { type Backoff } from './broker/backoff.js';
export * from './consumer/index.js';
export * from './errors/index.js';
export * from './messages/index.js';
export * from './messaging/index.js';
export * from './outbox/index.js';
export type { ParkedMessage } from './parked/index.js';
export * from './relay/index.js';
export * from './topology/index.js';
