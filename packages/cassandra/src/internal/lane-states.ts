import { RecordConflictError, ValidationError, type StoredEvent, type Tracking } from '@annals/core';
import { aggregateLanes, trackingLane } from './lanes.js';
import { latestBefore } from './lane-history.js';
import type { RecentLanes } from './recent-lanes.js';
import type { Session } from './session.js';

/** The events of one aggregate in an append: consecutive versions `first … last`. */
export interface AggregateWrite {
  readonly kind: 'aggregate';
  readonly lane: string;
  readonly originatorId: string;
  readonly first: number;
  readonly last: number;
}

/** The tracking record of an append. */
export interface TrackingWrite {
  readonly kind: 'tracking';
  readonly lane: string;
  readonly tracking: Tracking;
}

export type LaneWrite = AggregateWrite | TrackingWrite;

/**
 * What a lane holds in the page written to: its head there (`present`, with the aggregate's version), or
 * nothing there (`absent`), which a refused batch `confirmed` or is a guess.
 */
export type LaneState =
  | { readonly present: true; readonly version?: number }
  | { readonly present: false; readonly confirmed: boolean };

/** What an append knows of each lane it writes, in one page: guessed, read from the pages before, or refused. */
export class LaneStates {
  readonly #session: Session;
  readonly #writes: readonly LaneWrite[];
  readonly #recent: RecentLanes;
  /** Whether the append writes outbox messages, so its page must be listed in the outbox's index. */
  readonly #outbox: boolean;
  #outboxListed = false;
  /** The page the states are of. */
  #page: number | undefined;
  /** Whether the states of `#page` are decided, and nothing learnt since. */
  #prepared = false;
  readonly #states = new Map<string, LaneState>();
  /** Each lane's latest version (or tracked position) in the sealed pages before `#page`, once read. */
  readonly #earlier = new Map<string, number | null>();

  constructor(session: Session, writes: readonly LaneWrite[], recent: RecentLanes, outbox: boolean) {
    this.#session = session;
    this.#writes = writes;
    this.#recent = recent;
    this.#outbox = outbox;
  }

  /** A lane's state in the page, once prepared. */
  state(lane: string): LaneState {
    return this.#states.get(lane) ?? { present: false, confirmed: false };
  }

  /**
   * Guesses each lane's state in `page`, and for the lanes guessed absent, lists the page in their index
   * and reads their latest head in the pages before (once per page); lists the page in the outbox's index
   * when the append writes messages.
   * @throws RecordConflictError, ValidationError when the pages before refuse the append
   */
  async prepare(page: number): Promise<void> {
    const { unchecked, listing } = this.#guess(page);
    const [latest] = await Promise.all([
      Promise.all(
        unchecked.map((write) =>
          checkEarlierPages(this.#session, write, page, this.#recent.pageOf(write.lane)),
        ),
      ),
      listing ? this.#session.write(this.#session.cql.insertOutboxPage, [page]) : undefined,
    ]);
    if (listing) this.#outboxListed = true;
    unchecked.forEach((write, index) => this.#earlier.set(write.lane, latest[index] ?? null));
    this.#conclude();
  }

  /**
   * Prepares `page` as {@link prepare} does when that needs no reads or writes.
   * @returns whether it did; when not, `prepare` has work to do first
   */
  preparedWithoutWaiting(page: number): boolean {
    if (this.#prepared && this.#page === page) return true;
    const { unchecked, listing } = this.#guess(page);
    if (unchecked.length > 0 || listing) return false;
    this.#conclude();
    return true;
  }

  /** Guesses the states of the lanes in `page` not known there yet: which lanes and indexes need checking. */
  #guess(page: number): { unchecked: LaneWrite[]; listing: boolean } {
    if (this.#page !== page) {
      this.#page = page;
      this.#prepared = false;
      this.#states.clear();
      this.#earlier.clear();
      this.#outboxListed = false;
    }
    const unchecked: LaneWrite[] = [];
    for (const write of this.#writes) {
      const state =
        this.#states.get(write.lane) ?? initialGuess(write, page, this.#recent.pageOf(write.lane));
      this.#states.set(write.lane, state);
      if (!state.present && !this.#earlier.has(write.lane)) unchecked.push(write);
    }
    return { unchecked, listing: this.#outbox && !this.#outboxListed };
  }

  /** Decides the states of lanes absent from the page from their heads in the pages before. */
  #conclude(): void {
    for (const write of this.#writes) {
      const state = this.#states.get(write.lane);
      if (write.kind === 'tracking' || !state || state.present) continue;
      const before = this.#earlier.get(write.lane) ?? null;
      // A gap may only seem one: the versions after `before` may be in this page, and a batch guessing so is
      // refused with the head it finds there. Only once a refusal showed none there is the gap real.
      if (!state.confirmed && !isConflict(write, before) && before !== write.first - 1 && write.first > 1) {
        this.#states.set(write.lane, { present: true, version: write.first - 1 });
      } else {
        assertFollows(write, before);
      }
    }
    this.#prepared = true;
  }

  /** Takes what a refused batch on `page` found: each lane's head there, or none. */
  refused(page: number, found: ReadonlyMap<string, number>): void {
    if (page !== this.#page) return;
    this.#prepared = false;
    for (const write of this.#writes) {
      this.#states.set(write.lane, stateAfterRefusal(write, found.get(write.lane)));
    }
  }
}

/**
 * The lanes an append writes: each aggregate's, then the upstream application's.
 * @throws ValidationError when an aggregate's versions in the append are not consecutive
 */
export function planWrites(events: readonly StoredEvent[], tracking: Tracking | undefined): LaneWrite[] {
  const aggregates = new Map<string, { originatorId: string; first: number; last: number }>();
  const laneOf = aggregateLanes();
  for (const event of events) {
    const lane = laneOf(event.originatorId);
    const known = aggregates.get(lane);
    if (!known) {
      aggregates.set(lane, {
        originatorId: event.originatorId,
        first: event.originatorVersion,
        last: event.originatorVersion,
      });
    } else if (event.originatorVersion !== known.last + 1) {
      throw new ValidationError(`versions of ${event.originatorId} in one append must be consecutive`);
    } else {
      known.last = event.originatorVersion;
    }
  }
  const writes: LaneWrite[] = [...aggregates].map(([lane, write]) => ({ kind: 'aggregate', lane, ...write }));
  if (tracking) writes.push({ kind: 'tracking', lane: trackingLane(tracking.application), tracking });
  return writes;
}

/**
 * A lane this process last wrote to a page before the tail has no head in the tail page yet, nor has a new
 * aggregate; any other aggregate past version 1 most likely has, as an application's tracking does.
 */
function initialGuess(write: LaneWrite, page: number, lastWritten: number | undefined): LaneState {
  if (lastWritten !== undefined && lastWritten < page) return { present: false, confirmed: false };
  if (write.kind === 'tracking') return { present: true };
  return write.first === 1
    ? { present: false, confirmed: false }
    : { present: true, version: write.first - 1 };
}

/**
 * Before a lane's first rows in `page`: lists the page in the lane's index, and reads the lane's latest head
 * in the sealed pages before it. An application's latest tracked position there must be below the new one.
 * @param written the page this process last wrote the lane to, if it remembers (see {@link latestBefore})
 * @returns the aggregate's latest version (the application's latest position) before `page`
 */
async function checkEarlierPages(
  session: Session,
  write: LaneWrite,
  page: number,
  written: number | undefined,
): Promise<number | null> {
  const { cql } = session;
  const [, latest] = await Promise.all([
    session.write(cql.insertLanePage, [write.lane, page]),
    latestBefore(session, write.lane, page, written),
  ]);
  if (write.kind === 'tracking') {
    const recorded = latest?.position ?? null;
    if (recorded !== null && recorded >= write.tracking.position) throw trackingConflict(write, recorded);
    await session.write(cql.insertTracked, [write.tracking.application]);
    return recorded;
  }
  return latest?.version ?? null;
}

/** What a refused batch showed of a lane: its head in the page, or none there. */
function stateAfterRefusal(write: LaneWrite, found: number | undefined): LaneState {
  if (found === undefined) return { present: false, confirmed: true };
  if (write.kind === 'tracking') {
    if (found >= write.tracking.position) throw trackingConflict(write, found);
    return { present: true };
  }
  assertFollows(write, found);
  return { present: true, version: found };
}

/** Whether the aggregate has the first appended version already, its latest being `latest`. */
function isConflict(write: AggregateWrite, latest: number | null): boolean {
  return latest !== null && latest >= write.first;
}

/** Refuses an aggregate's first appended version unless `latest` is the one before it. */
function assertFollows(write: AggregateWrite, latest: number | null): void {
  if (isConflict(write, latest)) {
    throw new RecordConflictError(
      `${write.originatorId} already has version ${write.first} (its latest is ${latest})`,
    );
  }
  if ((latest ?? 0) !== write.first - 1) {
    throw new ValidationError(
      `cannot append version ${write.first} of ${write.originatorId}: version ${write.first - 1} is not ` +
        "stored, and the Cassandra strategy stores an aggregate's versions without gaps",
    );
  }
}

function trackingConflict(write: TrackingWrite, recorded: number): RecordConflictError {
  const { application, position } = write.tracking;
  return new RecordConflictError(
    `position ${position} of ${application} is tracked already (the latest tracked is ${recorded})`,
  );
}
