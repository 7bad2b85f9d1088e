import type { Aggregate } from '../aggregate/index.js';
import type { DomainEvent } from '../events/index.js';
import type { OutboxMessage } from '../storage/index.js';

/**
 * Decides what a save writes besides its events. An application asks each of its policies on every save
 * (see `Application.addPolicy`): the snapshotting policy takes snapshots, `@annals/amqp`'s outbox policy
 * announces events in the outbox.
 */
export interface PersistencePolicy {
  /** Messages to write in the same atomic append as `events`, so each exists exactly when they commit. */
  outboxMessages?(events: readonly DomainEvent[]): readonly OutboxMessage[];
  /**
   * Runs once the save's append has returned, with each saved aggregate and its version before the save:
   * for what is written outside the append, such as snapshots.
   */
  afterSave?(saved: ReadonlyMap<Aggregate, number>): Promise<void>;
}
