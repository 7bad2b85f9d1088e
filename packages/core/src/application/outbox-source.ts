import type { DomainEvent } from '../events/index.js';
import type { OutboxMessage } from '../storage/index.js';

/**
 * Turns the events of one save into the outbox messages that announce them. An application calls its
 * sources on every save and writes what they return in the same atomic append as the events, so a message
 * exists exactly when its events were committed. `@annals/amqp`'s outbox policy is one.
 */
export type OutboxSource = (events: readonly DomainEvent[]) => readonly OutboxMessage[];
