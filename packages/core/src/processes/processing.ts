import type { Aggregate } from '../aggregate/index.js';
import type { MessageInit } from '../application/index.js';

/**
 * What a policy's handling of one upstream event produces: the aggregates it changed and the messages it
 * sends. They are recorded with the event's tracking record in one atomic append, so the event takes
 * effect exactly once.
 */
export class Processing {
  readonly #aggregates = new Set<Aggregate>();
  readonly #messages: MessageInit[] = [];

  constructor(
    /** The upstream application the event comes from. */
    readonly upstream: string,
    /** The event's position in the upstream log. */
    readonly position: number,
  ) {}

  /** Records these aggregates' new events with the tracking record. */
  collect(...aggregates: Aggregate[]): void {
    for (const aggregate of aggregates) this.#aggregates.add(aggregate);
  }

  /** Sends these messages through the outbox, committed with the tracking record. */
  enqueue(...messages: MessageInit[]): void {
    this.#messages.push(...messages);
  }

  /** The aggregates collected so far. */
  get aggregates(): readonly Aggregate[] {
    return [...this.#aggregates];
  }

  /** The messages enqueued so far. */
  get messages(): readonly MessageInit[] {
    return this.#messages;
  }
}
