import type { DomainEvent } from '../events/index.js';

/** A saved event and the notification position it was given (absent when the strategy keeps no log). */
export interface Recording<E extends DomainEvent = DomainEvent> {
  readonly event: E;
  readonly position: number | undefined;
}
