import type { Logger } from '../logging/index.js';
import type { Recording } from '../store/recording.js';

/** Reacts to events once they are committed. */
export type Subscriber = (recordings: readonly Recording[]) => void | Promise<void>;

/**
 * The in-process bus an application owns: it tells the subscribers what the application's saves
 * committed, after the real commit (see `ActiveRecordStrategy.onCommit`). The bus belongs to one
 * application, so two applications in a process never hear of each other's events.
 */
export class EventBus {
  readonly #subscribers = new Set<Subscriber>();

  /** @param logger - where subscribers that throw are reported */
  constructor(readonly logger: Logger) {}

  /** Adds a subscriber for committed events. @returns a function that removes it. */
  subscribe(subscriber: Subscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  /** Whether anyone listens: when not, a save need not make the recordings to publish. */
  get subscribed(): boolean {
    return this.#subscribers.size > 0;
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
        this.logger.error({ err: error }, 'an event subscriber failed after commit');
      }
    }
  }
}
