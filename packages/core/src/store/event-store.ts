import type { DomainEvent } from '../events/index.js';
import type { Mapper } from '../mapping/index.js';
import type { ActiveRecordStrategy, AppendOptions, EventRange } from '../storage/index.js';
import { assertUuid } from '../storage/validation.js';
import type { Recording } from './recording.js';

/** Stores and reads domain events through a mapper and an active-record strategy. */
export class EventStore {
  constructor(
    /** Turns events into stored records and back. */
    readonly mapper: Mapper,
    /** Where events are stored. */
    readonly strategy: ActiveRecordStrategy,
  ) {}

  /** Appends the events (and the options' tracking record and outbox messages) atomically. */
  async put(events: readonly DomainEvent[], options: AppendOptions = {}): Promise<Recording[]> {
    const stored = events.map((event) => this.mapper.toStoredEvent(event));
    const positions = await this.strategy.append(stored, options);
    return events.map((event, index) => ({ event, position: positions[index] }));
  }

  /** An aggregate's events within the range, decoded. */
  async get(originatorId: string, range: EventRange = {}): Promise<DomainEvent[]> {
    assertUuid(originatorId);
    const stored = await this.strategy.selectEvents(originatorId, range);
    return stored.map((record) => this.mapper.toDomainEvent(record));
  }

  /** An aggregate's events within the range, decoded as they stream from storage. */
  async *stream(originatorId: string, range: EventRange = {}): AsyncIterable<DomainEvent> {
    for await (const page of this.pages(originatorId, range)) yield* page;
  }

  /** The same events as {@link stream}, a page at a time, each page decoded whole. */
  async *pages(originatorId: string, range: EventRange = {}): AsyncIterable<DomainEvent[]> {
    assertUuid(originatorId);
    for await (const page of this.strategy.streamEventPages(originatorId, range)) {
      yield page.map((record) => this.mapper.toDomainEvent(record));
    }
  }
}
