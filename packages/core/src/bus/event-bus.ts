import type { DomainEvent } from '../events/index.js';
import type { Logger } from '../logging/index.js';
import type { AppendOptions } from '../storage/index.js';
import type { Recording } from '../store/recording.js';
import { ValidationError } from '../errors/index.js';

/** Events an application collected from its aggregates in one save. */
export interface CollectedEvents {
  readonly events: readonly DomainEvent[];
  readonly options: AppendOptions;
}

/** Writes collected events; exactly one per bus, so nothing is written twice. */
export type Persister = (collected: CollectedEvents) => Promise<Recording[]>;

/** Reacts to events once they are committed. */
export type Subscriber = (recordings: readonly Recording[]) => void | Promise<void>;

/**
 * The in-process bus an application owns. A save hands collected events to the single persister (the
 * persistence policy), then tells the subscribers (projections, the snapshotting policy, …) what was
 * committed. The bus belongs to one application, so two applications in a process never write each other's
 * events.
 */
export class EventBus {
  #persister: Persister | undefined;
  readonly #subscribers = new Set<Subscriber>();

  constructor(readonly logger: Logger) {}

  /** Installs the persister. @returns a function that removes it. */
  onPersist(persister: Persister): () => void {
    if (this.#persister) throw new ValidationError('this event bus already has a persister');
    this.#persister = persister;
    return () => {
      if (this.#persister === persister) this.#persister = undefined;
    };
  }

  /** Adds a subscriber for committed events. @returns a function that removes it. */
  subscribe(subscriber: Subscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  /** Writes the collected events through the persister. */
  async persist(collected: CollectedEvents): Promise<Recording[]> {
    if (!this.#persister)
      throw new ValidationError('this event bus has no persister: nothing would store the events');
    return this.#persister(collected);
  }

  /**
   * Tells every subscriber what was committed. The events are stored whatever a subscriber does, so a
   * subscriber's failure is logged, not thrown back at the code that saved.
   */
  async publish(recordings: readonly Recording[]): Promise<void> {
    for (const subscriber of this.#subscribers) {
      try {
        await subscriber(recordings);
      } catch (error) {
        this.logger.error('an event subscriber failed after commit', { error });
      }
    }
  }
}
