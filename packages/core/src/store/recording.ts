import type { DomainEvent } from '../events/index.js';

/** A saved event and the notification position it was given (absent when the strategy keeps no log). */
export interface Recording<E extends DomainEvent = DomainEvent> {
  /** The saved event. */
  readonly event: E;
  /** The position the event was given in the notification log. */
  readonly position: number | undefined;
}
