import { randomUUID } from 'node:crypto';
import {
  OperationalError,
  RecordConflictError,
  ValidationError,
  type OutboxMessage,
  type StoredEvent,
  type Tracking,
} from '@annals/core';
import cassandra, { type types } from 'cassandra-driver';
import type { BatchStatement } from './executor.js';
import { readSerially, writeConditionally } from './conditional-write.js';
import { aggregateLane, OUTBOX_LANE, trackingLane } from './lanes.js';
import { latestBefore } from './lane-history.js';
import { firstPosition, fits, lastPosition } from './log-pages.js';
import type { LogTail, Tail } from './log-tail.js';
import type { RecentLanes } from './recent-lanes.js';
import { blob, numberColumn } from './rows.js';
import type { Session } from './session.js';

/** The events of one aggregate in an append: consecutive versions `first … last`. */
interface AggregateWrite {
  readonly kind: 'aggregate';
  readonly lane: string;
  readonly originatorId: string;
  readonly first: number;
  readonly last: number;
}

/** The tracking record of an append. */
interface TrackingWrite {
  readonly kind: 'tracking';
  readonly lane: string;
  readonly tracking: Tracking;
}

export type LaneWrite = AggregateWrite | TrackingWrite;

/**
 * What a lane holds in the page written to: its head there (`present`, with the aggregate's version), or
 * nothing there (`absent`), which a refused batch `confirmed` or is a guess.
 */
type LaneState =
  | { readonly present: true; readonly version?: number }
  | { readonly present: false; readonly confirmed: boolean };

/** A conditional batch's answer: applied, or the page's head and the heads of the lanes it found. */
type Outcome = { readonly applied: true } | { readonly applied: false; readonly found: Found | undefined };

interface Found {
  readonly head: number | null;
  readonly lanes: ReadonlyMap<string, number>;
}

/** How many times an append tries again after losing a page's head to other appends, before giving up. */
const ATTEMPTS = 10_000;

/**
 * Appends events (of any aggregates) and a tracking record as ONE conditional batch on the partition of the
 * log's tail page: it moves the page's static `head` past the positions it takes IF the head is where the
 * writer saw it, and each aggregate's (and the upstream application's) head row IF it holds the version
 * before the first appended (the position before the tracked one). So the events, their log entries and the
 * tracking record are stored together or not at all, positions are given out in commit order without gaps
 * within a page, and two writers of a version meet in one partition, where exactly one wins. A lane not yet
 * in the page is checked against the sealed pages before it, after recording that the lane has rows in this
 * page (so a reader finds them).
 * @returns the positions given to the events, in order
 */
export async function appendToLog(
  session: Session,
  tail: LogTail,
  events: readonly StoredEvent[],
  writes: readonly LaneWrite[],
  recent: RecentLanes,
  outbox: readonly OutboxMessage[] = [],
): Promise<number[]> {
  if (writes.length === 0 && outbox.length === 0) return [];
  const { bucketSize } = session.options;
  const appendId = randomUUID();
  /** Events and outbox messages each take a position; the messages' are their sequences in the outbox. */
  const taken = events.length + outbox.length;
  const lanes = new LaneStates(session, writes, recent, outbox.length > 0);
  // The reads a page needs are made before waiting for this process's appends ahead of this one: its
  // conditional batches go one at a time, as they would meet on the tail's partition anyway, where racing
  // each other they would only waste Paxos rounds.
  await lanes.prepare((await tail.current()).page);
  return tail.exclusively(async () => {
    let { page, head } = await tail.current();
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      if (head === lastPosition(page, bucketSize) || !fits(page, head, taken, bucketSize)) {
        ({ page, head } = await tail.seal(page, head));
        continue;
      }
      await lanes.prepare(page);
      const start = (head ?? firstPosition(page, bucketSize) - 1) + 1;
      const positions = events.map((_, index) => start + index);
      const target: Tail = { page, head: taken > 0 ? start + taken - 1 : head };
      const plan = { page, head, target, writes, lanes, events, positions, outbox, appendId };
      const outcome = await send(session, statementsOf(session, plan), plan);
      if (outcome.applied) {
        tail.saw(target);
        recent.wrote(
          writes.map((write) => write.lane),
          page,
        );
        return positions;
      }
      const found = outcome.found ?? (await readFound(session, page, writes));
      head = found.head;
      tail.saw({ page, head });
      // In a sealed page, a lane's head is not its latest: the next page, checked afresh, tells.
      if (head !== lastPosition(page, bucketSize)) lanes.refused(page, found.lanes);
    }
    throw new OperationalError(
      `an append lost the log's head to other appends ${ATTEMPTS} times in a row; nothing of it was stored, ` +
        'so it is safe to retry',
    );
  });
}

/** What an append knows of each lane it writes, in one page: guessed, read from the pages before, or refused. */
class LaneStates {
  readonly #session: Session;
  readonly #writes: readonly LaneWrite[];
  readonly #recent: RecentLanes;
  /** Whether the append writes outbox messages, so its page must be listed in the outbox's index. */
  readonly #outbox: boolean;
  #outboxListed = false;
  /** The page the states are of. */
  #page: number | undefined;
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
    if (this.#page !== page) {
      this.#page = page;
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
    const listing = this.#outbox && !this.#outboxListed;
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
  }

  /** Takes what a refused batch on `page` found: each lane's head there, or none. */
  refused(page: number, found: ReadonlyMap<string, number>): void {
    if (page !== this.#page) return;
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
  for (const event of events) {
    const lane = aggregateLane(event.originatorId);
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
 * @param likely the page the lane's latest head is likely in, read beside the index
 * @returns the aggregate's latest version (the application's latest position) before `page`
 */
async function checkEarlierPages(
  session: Session,
  write: LaneWrite,
  page: number,
  likely: number | undefined,
): Promise<number | null> {
  const { cql } = session;
  const [, latest] = await Promise.all([
    session.write(cql.insertLanePage, [write.lane, page]),
    latestBefore(session, write.lane, page, likely),
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

interface BatchPlan {
  readonly page: number;
  readonly head: number | null;
  readonly target: Tail;
  readonly writes: readonly LaneWrite[];
  readonly lanes: LaneStates;
  readonly events: readonly StoredEvent[];
  readonly positions: readonly number[];
  readonly outbox: readonly OutboxMessage[];
  readonly appendId: string;
}

function statementsOf(session: Session, plan: BatchPlan): BatchStatement[] {
  const { cql } = session;
  const { page, head, target, events, positions, appendId } = plan;
  const batch: BatchStatement[] = [{ query: cql.advanceHead, params: [target.head, page, head] }];
  for (const write of plan.writes) {
    const state = plan.lanes.state(write.lane);
    if (write.kind === 'aggregate') {
      const expected = state.present ? (state.version ?? null) : null;
      batch.push({ query: cql.expectVersion, params: [write.last, page, write.lane, expected] });
    } else {
      const { position } = write.tracking;
      batch.push(
        state.present
          ? { query: cql.expectTrackingBelow, params: [position, page, write.lane, position] }
          : { query: cql.expectNoTracking, params: [position, page, write.lane] },
        { query: cql.insertMark, params: [page, write.lane, position, appendId] },
      );
    }
  }
  events.forEach((event, index) => {
    const position = positions[index];
    const state = blob(event.state);
    batch.push(
      {
        query: cql.insertEntry,
        params: [page, position, event.originatorId, event.originatorVersion, event.topic, state],
      },
      {
        query: cql.insertEvent,
        params: [
          page,
          aggregateLane(event.originatorId),
          event.originatorVersion,
          position,
          event.topic,
          state,
          appendId,
        ],
      },
    );
  });
  const now = new Date();
  plan.outbox.forEach((message, index) => {
    batch.push({
      query: cql.insertMessage,
      params: [
        page,
        firstSequence(plan) + index,
        message.id,
        message.orderingKey,
        message.exchange,
        message.routingKey,
        message.contentType,
        message.headers ?? {},
        blob(message.body),
        message.event?.originatorId ?? null,
        message.event?.originatorVersion ?? null,
        now,
        appendId,
      ],
    });
  });
  return batch;
}

/** The outbox sequence of an append's first message: its messages take the positions after its events. */
function firstSequence(plan: BatchPlan): number {
  return (plan.target.head ?? 0) - plan.outbox.length + 1;
}

/**
 * Sends the batch, deciding an unknown outcome by the append id a serial read finds on the append's first
 * row of its own (its first event's, its tracking mark's, or its first outbox message's).
 */
function send(session: Session, batch: readonly BatchStatement[], plan: BatchPlan): Promise<Outcome> {
  const { page, appendId } = plan;
  const mark = markOf(plan);
  return writeConditionally<Outcome>(session, {
    context: { page, lane: mark.lane, number: mark.number },
    what: mark.what,
    send: async () => {
      const result = await session.batch(batch);
      return result.first().get('[applied]') === true
        ? { applied: true }
        : { applied: false, found: foundIn(result.rows) };
    },
    find: async () => {
      const rows = await readSerially(session, session.cql.selectMark, [page, mark.lane, mark.number]);
      const stored: unknown = rows.first()?.get('append_id');
      if (stored === undefined || stored === null) return 'absent';
      return stored instanceof cassandra.types.Uuid && stored.toString() === appendId ? 'stored' : 'lost';
    },
    stored: () => ({ applied: true }),
    lost: () => ({ applied: false, found: undefined }),
  });
}

/** The append's first row of its own, which its append id marks, and what the append does, for messages. */
function markOf(plan: BatchPlan): { lane: string; number: number; what: string } {
  const [first] = plan.events;
  if (first) {
    const { originatorId, originatorVersion } = first;
    return {
      lane: aggregateLane(originatorId),
      number: originatorVersion,
      what: `appending version ${originatorVersion} of ${originatorId}`,
    };
  }
  const tracking = plan.writes.find((write): write is TrackingWrite => write.kind === 'tracking');
  if (tracking) {
    const { position } = tracking.tracking;
    return { lane: tracking.lane, number: position, what: `recording tracking position ${position}` };
  }
  const id = plan.outbox[0]?.id ?? '';
  return { lane: OUTBOX_LANE, number: firstSequence(plan), what: `writing outbox message ${id}` };
}

/** The page's head and the lane heads that a refused batch hands back (rows it found; none for absent ones). */
function foundIn(rows: readonly types.Row[]): Found {
  let head: number | null = null;
  const lanes = new Map<string, number>();
  for (const row of rows) {
    head = numberColumn(row, 'head') ?? head;
    const lane: unknown = row.get('lane');
    if (typeof lane !== 'string') continue;
    const value = numberColumn(row, lane.startsWith('t') ? 'position' : 'originator_version');
    if (value !== null) lanes.set(lane, value);
  }
  return { head, lanes };
}

/** What the batch would have found, read after a write whose outcome turned out to be another's. */
async function readFound(session: Session, page: number, writes: readonly LaneWrite[]): Promise<Found> {
  const { cql } = session;
  const [heads, ...laneRows] = await Promise.all([
    readSerially(session, cql.selectPageHead, [page]),
    ...writes.map((write) => readSerially(session, cql.selectLaneHead, [page, write.lane])),
  ]);
  const lanes = new Map<string, number>();
  writes.forEach((write, index) => {
    const row = laneRows[index]?.first();
    const value = numberColumn(row, write.kind === 'tracking' ? 'position' : 'originator_version');
    if (value !== null) lanes.set(write.lane, value);
  });
  return { head: numberColumn(heads?.first(), 'head'), lanes };
}
