import type { EventBus } from '../bus/index.js';
import type { EventStore } from '../store/event-store.js';

/** Subscribes an event store to an application's bus as the one writer of collected events. */
export class PersistencePolicy {
  readonly #unsubscribe: () => void;

  constructor(eventStore: EventStore, bus: EventBus) {
    this.#unsubscribe = bus.onPersist(({ events, options }) => eventStore.put(events, options));
  }

  /** Stops writing. */
  detach(): void {
    this.#unsubscribe();
  }
}
