import { randomUUID } from 'node:crypto';
import { OperationalError, type OutboxMessage, type StoredEvent } from '@annals/core';
import cassandra, { type types } from 'cassandra-driver';
import type { BatchStatement } from './executor.js';
import { readSerially, writeConditionally } from './conditional-write.js';
import { aggregateLane, aggregateLanes, OUTBOX_LANE } from './lanes.js';
import { LaneStates, type LaneWrite, type TrackingWrite } from './lane-states.js';
import { firstPosition, fits, lastPosition } from './log-pages.js';
import type { LogTail, Tail } from './log-tail.js';
import type { RecentLanes } from './recent-lanes.js';
import { blob, numberColumn } from './rows.js';
import type { Session } from './session.js';

/** A conditional batch's answer: applied, or the page's head and the heads of the lanes it found. */
type Outcome = { readonly applied: true } | { readonly applied: false; readonly found: Found | undefined };

interface Found {
  readonly head: number | null;
  readonly lanes: ReadonlyMap<string, number>;
}

/** How many times an append tries again after losing a page's head to other appends, before giving up. */
const ATTEMPTS = 10_000;

/** The most appends one batch holds. */
const MOST_APPENDS = 64;

/**
 * The most bytes of states and message bodies one batch gathers from several appends; an append larger than
 * this goes alone.
 */
const MOST_BYTES = 1024 * 1024;

/** An append waiting for a batch. */
interface PendingAppend {
  readonly events: readonly StoredEvent[];
  readonly writes: readonly LaneWrite[];
  readonly outbox: readonly OutboxMessage[];
  readonly lanes: LaneStates;
  /** Marks the append's rows, so that a serial read can tell whether its batch was applied. */
  readonly appendId: string;
  /** Events and outbox messages each take a position; the messages' are their sequences in the outbox. */
  readonly taken: number;
  readonly bytes: number;
  /** Batches refused so far. */
  attempts: number;
}

/** An append in the queue, with the answer its caller waits for: its positions, or none yet (to prepare). */
interface Waiting {
  readonly append: PendingAppend;
  readonly answer: (positions: number[] | undefined) => void;
  readonly fail: (error: unknown) => void;
}

/** An append's place in a batch: its first position. */
interface Placed {
  readonly waiting: Waiting;
  readonly start: number;
}

/**
 * The appends placed in a batch, those left for a later one, and whether one was left because the page had
 * no room for it.
 */
interface Gathered {
  readonly batch: Placed[];
  readonly later: Waiting[];
  readonly unfit: boolean;
}

/** A batch: the tail page, its head as seen, the head after the batch, and the appends placed in it. */
interface Batch {
  readonly page: number;
  readonly head: number | null;
  readonly target: number | null;
  readonly batch: readonly [Placed, ...Placed[]];
}

/**
 * Appends events (of any aggregates), tracking records and outbox messages to the log, each append as part
 * of ONE conditional batch on the partition of the log's tail page: the batch moves the page's static
 * `head` past the positions it takes IF the head is where the writer saw it, and each aggregate's (and the
 * upstream application's) head row IF it holds the version before the first appended (the position before
 * the tracked one). So an append's events, their log entries and its tracking record are stored together or
 * not at all, positions are given out in commit order without gaps within a page, and two writers of a
 * version meet in one partition, where exactly one wins. A lane not yet in the page is checked against the
 * sealed pages before it, after recording that the lane has rows in this page (so a reader finds them).
 *
 * The appends of one process meet on the tail's partition, where racing each other's Paxos rounds would
 * only refuse or time them out; so they take turns, and the appends that wait while a batch is in flight
 * go together in the next: one Paxos round for all of them, each with its own conditions and append id.
 * Appends that write the same lane go in different batches.
 */
export class LogAppender {
  readonly #session: Session;
  readonly #tail: LogTail;
  readonly #recent: RecentLanes;
  /** The appends waiting for the next batch, in the order they came. */
  #queue: Waiting[] = [];
  /** Whether the next batch is due: it takes the appends waiting by the time its turn comes. */
  #due = false;

  constructor(session: Session, tail: LogTail, recent: RecentLanes) {
    this.#session = session;
    this.#tail = tail;
    this.#recent = recent;
  }

  /**
   * Appends the events, the tracking record of `writes` and the messages, all or none.
   * @returns the positions given to the events, in order
   * @throws RecordConflictError when a version or the tracking record exists; ValidationError for a gap
   */
  async append(
    events: readonly StoredEvent[],
    writes: readonly LaneWrite[],
    outbox: readonly OutboxMessage[] = [],
  ): Promise<number[]> {
    if (writes.length === 0 && outbox.length === 0) return [];
    const append: PendingAppend = {
      events,
      writes,
      outbox,
      lanes: new LaneStates(this.#session, writes, this.#recent, outbox.length > 0),
      appendId: randomUUID(),
      taken: events.length + outbox.length,
      bytes: sizeOf(events, outbox),
      attempts: 0,
    };
    // The reads and writes a page needs before a batch (a lane's earlier pages, the indexes) are made while
    // waiting, not in the turn, so that an append meeting a new page holds up no other.
    for (;;) {
      const { page } = await this.#tail.current();
      if (!append.lanes.preparedWithoutWaiting(page)) await append.lanes.prepare(page);
      const positions = await new Promise<number[] | undefined>((answer, fail) => {
        this.#queue.push({ append, answer, fail });
        this.#schedule();
      });
      if (positions) return positions;
    }
  }

  #schedule(): void {
    if (this.#due) return;
    this.#due = true;
    void this.#tail.exclusively(async () => {
      this.#due = false;
      const waiting = this.#queue;
      this.#queue = [];
      try {
        await this.#commit(waiting);
      } catch (error) {
        // Not expected (the commit answers its appends' failures itself), but no append may wait forever;
        // those put back in the queue are still to be sent.
        for (const entry of waiting) if (!this.#queue.includes(entry)) entry.fail(error);
      }
      if (this.#queue.length > 0) this.#schedule();
    });
  }

  /** Sends one batch of the waiting appends that fit in the tail page, sealing it when none does. */
  async #commit(waiting: readonly Waiting[]): Promise<void> {
    let tail: Tail;
    let gathered: Gathered;
    try {
      tail = await this.#tail.current();
      gathered = this.#gather(waiting, tail.page, tail.head);
      while (gathered.batch.length === 0 && gathered.unfit) {
        tail = await this.#tail.seal(tail.page, tail.head);
        gathered = this.#gather(gathered.later, tail.page, tail.head);
      }
    } catch (error) {
      for (const { fail } of waiting) fail(error);
      return;
    }
    const { batch, later } = gathered;
    this.#requeue(later);
    const [first, ...others] = batch;
    const last = batch.at(-1);
    if (!first || !last) return;
    const { page, head } = tail;
    const end = last.start + last.waiting.append.taken - 1;
    const target = end === (head ?? firstPosition(page, this.#session.options.bucketSize) - 1) ? head : end;
    let found: Found | undefined;
    try {
      const outcome = await send(this.#session, { page, head, target, batch: [first, ...others] });
      if (!outcome.applied) {
        const writes = batch.flatMap(({ waiting }) => waiting.append.writes);
        found = outcome.found ?? (await readFound(this.#session, page, writes));
      }
    } catch (error) {
      for (const { waiting } of batch) waiting.fail(error);
      return;
    }
    if (!found) {
      this.#tail.saw({ page, head: target });
      for (const { waiting, start } of batch) {
        const { events, writes } = waiting.append;
        for (const write of writes) this.#recent.wrote(write.lane, page);
        waiting.answer(events.map((_, index) => start + index));
      }
      return;
    }
    this.#tail.saw({ page, head: found.head });
    const again: Waiting[] = [];
    for (const { waiting } of batch) {
      const { append } = waiting;
      try {
        // In a sealed page, a lane's head is not its latest: the next page, checked afresh, tells.
        if (found.head !== lastPosition(page, this.#session.options.bucketSize)) {
          append.lanes.refused(page, found.lanes);
        }
      } catch (error) {
        waiting.fail(error);
        continue;
      }
      append.attempts += 1;
      if (append.attempts < ATTEMPTS) again.push(waiting);
      else waiting.fail(lostTooOften());
    }
    this.#requeue(again);
  }

  /**
   * Places the waiting appends in the tail page, in order, while they fit and write lanes apart; an append
   * that needs reads for this page is answered with no positions, to make them and come back.
   */
  #gather(waiting: readonly Waiting[], page: number, head: number | null): Gathered {
    const { bucketSize } = this.#session.options;
    const last = lastPosition(page, bucketSize);
    const batch: Placed[] = [];
    const later: Waiting[] = [];
    const lanes = new Set<string>();
    let unfit = false;
    let cursor = head ?? firstPosition(page, bucketSize) - 1;
    let bytes = 0;
    for (const entry of waiting) {
      const { append } = entry;
      const full = batch.length > 0 && (batch.length === MOST_APPENDS || bytes + append.bytes > MOST_BYTES);
      if (full || append.writes.some((write) => lanes.has(write.lane))) {
        later.push(entry);
        continue;
      }
      if (cursor === last || !fits(page, cursor, append.taken, bucketSize)) {
        unfit = true;
        later.push(entry);
        continue;
      }
      let prepared: boolean;
      try {
        prepared = append.lanes.preparedWithoutWaiting(page);
      } catch (error) {
        entry.fail(error);
        continue;
      }
      if (!prepared) {
        entry.answer(undefined);
        continue;
      }
      batch.push({ waiting: entry, start: cursor + 1 });
      for (const write of append.writes) lanes.add(write.lane);
      cursor += append.taken;
      bytes += append.bytes;
    }
    return { batch, later, unfit };
  }

  /** Puts appends back at the front of the queue, in order, for the next batch. */
  #requeue(waiting: readonly Waiting[]): void {
    if (waiting.length === 0) return;
    this.#queue = [...waiting, ...this.#queue];
    this.#schedule();
  }
}

function lostTooOften(): OperationalError {
  return new OperationalError(
    `an append lost the log's head to other appends ${ATTEMPTS} times in a row; nothing of it was stored, ` +
      'so it is safe to retry',
  );
}

/** The bytes of an append's states and message bodies. */
function sizeOf(events: readonly StoredEvent[], outbox: readonly OutboxMessage[]): number {
  let bytes = 0;
  for (const event of events) bytes += event.state.byteLength;
  for (const message of outbox) bytes += message.body.byteLength;
  return bytes;
}

/** A batch's statements: the head moved once, then each append's conditions and rows. */
function statementsOf(session: Session, { page, head, target, batch }: Batch): BatchStatement[] {
  const statements: BatchStatement[] = [{ query: session.cql.advanceHead, params: [target, page, head] }];
  for (const placed of batch) statements.push(...statementsOfAppend(session, page, placed));
  return statements;
}

function statementsOfAppend(session: Session, page: number, { waiting, start }: Placed): BatchStatement[] {
  const { cql } = session;
  const { events, writes, lanes, outbox, appendId } = waiting.append;
  const statements: BatchStatement[] = [];
  for (const write of writes) {
    const state = lanes.state(write.lane);
    if (write.kind === 'aggregate') {
      const expected = state.present ? (state.version ?? null) : null;
      statements.push({ query: cql.expectVersion, params: [write.last, page, write.lane, expected] });
    } else {
      const { position } = write.tracking;
      statements.push(
        state.present
          ? { query: cql.expectTrackingBelow, params: [position, page, write.lane, position] }
          : { query: cql.expectNoTracking, params: [position, page, write.lane] },
        { query: cql.insertMark, params: [page, write.lane, position, appendId] },
      );
    }
  }
  const laneOf = aggregateLanes();
  events.forEach((event, index) => {
    const position = start + index;
    const state = blob(event.state);
    statements.push(
      {
        query: cql.insertEntry,
        params: [page, position, event.originatorId, event.originatorVersion, event.topic, state],
      },
      {
        query: cql.insertEvent,
        params: [
          page,
          laneOf(event.originatorId),
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
  const firstSequence = start + events.length;
  outbox.forEach((message, index) => {
    statements.push({
      query: cql.insertMessage,
      params: [
        page,
        firstSequence + index,
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
  return statements;
}

/**
 * Sends the batch, deciding an unknown outcome by the append id a serial read finds on the first append's
 * first row of its own (its first event's, its tracking mark's, or its first outbox message's): the batch
 * is applied whole or not at all.
 */
function send(session: Session, batch: Batch): Promise<Outcome> {
  const { page } = batch;
  const [first] = batch.batch;
  const mark = markOf(first);
  const statements = statementsOf(session, batch);
  return writeConditionally<Outcome>(session, {
    context: { page, lane: mark.lane, number: mark.number },
    what: mark.what,
    send: async () => {
      const result = await session.batch(statements);
      return result.first().get('[applied]') === true
        ? { applied: true }
        : { applied: false, found: foundIn(result.rows) };
    },
    find: async () => {
      const rows = await readSerially(session, session.cql.selectMark, [page, mark.lane, mark.number]);
      const stored: unknown = rows.first()?.get('append_id');
      if (stored === undefined || stored === null) return 'absent';
      const own =
        stored instanceof cassandra.types.Uuid && stored.toString() === first.waiting.append.appendId;
      return own ? 'stored' : 'lost';
    },
    stored: () => ({ applied: true }),
    lost: () => ({ applied: false, found: undefined }),
  });
}

/** An append's first row of its own, which its append id marks, and what the append does, for messages. */
function markOf({ waiting, start }: Placed): { lane: string; number: number; what: string } {
  const { events, writes, outbox } = waiting.append;
  const [first] = events;
  if (first) {
    const { originatorId, originatorVersion } = first;
    return {
      lane: aggregateLane(originatorId),
      number: originatorVersion,
      what: `appending version ${originatorVersion} of ${originatorId}`,
    };
  }
  const tracking = writes.find((write): write is TrackingWrite => write.kind === 'tracking');
  if (tracking) {
    const { position } = tracking.tracking;
    return { lane: tracking.lane, number: position, what: `recording tracking position ${position}` };
  }
  const id = outbox[0]?.id ?? '';
  return { lane: OUTBOX_LANE, number: start, what: `writing outbox message ${id}` };
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
