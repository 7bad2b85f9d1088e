import { randomUUID } from 'node:crypto';
import cassandra, { type QueryOptions, type types } from 'cassandra-driver';
import { v7 as uuidv7 } from 'uuid';
import { DEPOSIT_TOPIC } from '../../sql/deposit.js';
import { decodeEnvelope, encodeEnvelope } from '../../sql/envelope.js';
import type { CassandraContender } from '../cassandra-contender.js';
import type { AppendShape } from '../cassandra-task.js';
import {
  BUCKET_SIZE,
  CLIENT_OPTIONS,
  CONSISTENCY,
  CONTACT_POINTS,
  LOCAL_DATA_CENTER,
  PAGE_SIZE,
  SERIAL_CONSISTENCY,
} from '../connection.js';
import { runWriters } from '../writers.js';
import { rawCql, type RawCql } from './raw-cql.js';

const { consistencies, Long } = cassandra.types;

/** Where appends go: the log page no append has sealed, and its head (`null` while nothing is written there). */
interface Tail {
  readonly page: number;
  readonly head: number | null;
}

/**
 * A writer's aggregate: its latest version, the page its head row is in (where the next append expects that
 * version; in any other page it expects none) and the latest page its lane index lists.
 */
interface RawWriter {
  readonly id: string;
  readonly lane: string;
  version: number;
  page: number | undefined;
  listed: number | undefined;
}

/** The strategy's consistency levels: LOCAL_QUORUM (QUORUM on the cluster) for reads and commits, LOCAL_SERIAL (SERIAL) for Paxos. */
const BASE: QueryOptions = {
  prepare: true,
  consistency: CONSISTENCY === 'QUORUM' ? consistencies.quorum : consistencies.localQuorum,
  serialConsistency: SERIAL_CONSISTENCY === 'SERIAL' ? consistencies.serial : consistencies.localSerial,
};
/** A single-partition batch: unlogged, as the strategy sends it (a conditional batch is atomic anyway). */
const BATCH: QueryOptions = { ...BASE, logged: false };
const READ: QueryOptions = { ...BASE, isIdempotent: true };
const PAGED: QueryOptions = { ...READ, fetchSize: PAGE_SIZE };

/** The metadata row naming a page every page before which is sealed, as the strategy keeps it. */
const TAIL_HINT = 'log_tail';
/** Refused batches an append takes before it gives up, as the strategy does. */
const ATTEMPTS = 10_000;

/**
 * The same work with `cassandra-driver` by hand, on the same tables with the same prepared statements: the
 * baseline Annals' overhead is measured against. It owns the aggregates it writes (random ids, one writer
 * each), so it knows each one's latest version and the page its head row is in, and checks nothing more. Its
 * writers send their conditional batches in turns, as the strategy's appends of one process do. Per
 * row read it does what a user needs for a usable object, and no more: one `JSON.parse` of the stored bytes,
 * as the raw contender of the SQL suite does.
 */
export class RawContender implements CassandraContender {
  readonly #cql: RawCql;
  /** The log's tail as this process last saw it, shared by its writers; found on first use. */
  #tail: Tail | undefined;
  /** The conditional batch of this process's writers in progress, which the next one waits for. */
  #turn: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly client: cassandra.Client,
    keyspace: string,
  ) {
    this.#cql = rawCql(keyspace);
  }

  static async open(keyspace: string): Promise<RawContender> {
    const client = new cassandra.Client({
      ...CLIENT_OPTIONS,
      contactPoints: [...CONTACT_POINTS],
      localDataCenter: LOCAL_DATA_CENTER,
    });
    await client.connect();
    return new RawContender(client, keyspace);
  }

  append(shape: AppendShape): Promise<void> {
    return runWriters(
      shape,
      () => newWriter(),
      (writer, _firstVersion, events) => this.#append(writer, events),
    );
  }

  async seed(events: number, eventsPerAppend: number): Promise<string> {
    const writer = newWriter();
    for (let stored = 0; stored < events; stored += eventsPerAppend)
      await this.#append(writer, eventsPerAppend);
    return writer.id;
  }

  async load(aggregateId: string, events: number): Promise<void> {
    const lane = laneOf(aggregateId);
    let version = 0;
    let balance = 0;
    const pages: number[] = [];
    let pageState: string | undefined;
    do {
      const listed = await this.client.execute(
        this.#cql.selectLanePages,
        [lane],
        withPageState(READ, pageState),
      );
      for (const row of listed.rows) pages.push(numberOf(row, 'page'));
      pageState = listed.pageState ?? undefined;
    } while (pageState !== undefined);
    // Page by page of the log, a page of rows after the other, from the aggregate's lane.
    for (const page of pages) {
      do {
        const rows: types.ResultSet = await this.client.execute(
          this.#cql.selectEventsAsc,
          [page, lane, 0, Number.MAX_SAFE_INTEGER],
          withPageState(PAGED, pageState),
        );
        for (const row of rows.rows) {
          const stored = numberOf(row, 'number');
          if (stored !== version + 1) throw new Error(`raw found a gap after version ${version}`);
          balance += decodeEnvelope(row.get('state') as Buffer).p.amount;
          version = stored;
        }
        pageState = rows.pageState ?? undefined;
      } while (pageState !== undefined);
    }
    if (version !== events) throw new Error(`raw loaded ${version} of ${events} events (balance ${balance})`);
  }

  async follow(events: number): Promise<void> {
    let read = 0;
    let balance = 0;
    // Page after page of the log; a page read whole is left once its rows have shown its last position (or
    // no paging state is left); a page whose head is below its last position is the tail, and the walk ends.
    for (let page = 0; ; page++) {
      const last = lastPosition(page);
      let head: number | undefined;
      let position = 0;
      let pageState: string | undefined;
      do {
        const rows = await this.client.execute(
          this.#cql.selectEntries,
          [page, firstPosition(page), last],
          withPageState(PAGED, pageState),
        );
        for (const row of rows.rows) {
          balance += decodeEnvelope(row.get('state') as Buffer).p.amount;
          read++;
          position = numberOf(row, 'number');
          head = numberOf(row, 'head');
        }
        pageState = position === last ? undefined : (rows.pageState ?? undefined);
      } while (pageState !== undefined);
      if (head !== last) break;
    }
    if (read !== events) throw new Error(`raw followed ${read} of ${events} events (balance ${balance})`);
  }

  /** Itself: whatever layer Annals is measured with, a user of the raw driver reads plain JSON rows. */
  async withLayer(): Promise<CassandraContender> {
    return this;
  }

  close(): Promise<void> {
    return this.client.shutdown();
  }

  /**
   * One conditional batch on the partition of the log's tail page: the head moved past the positions taken
   * IF it is where this process saw it, the aggregate's head row IF it holds the version before the first
   * (none when its head is in another page), and per event the log's entry and the aggregate's row, all
   * carrying one append id. A refused batch tells the page's head, and the append goes again from there;
   * one that does not fit in the page seals it and goes to the next. Before its first rows in a page, an
   * aggregate lists the page in its lane index.
   */
  async #append(writer: RawWriter, events: number): Promise<void> {
    const { id, lane } = writer;
    const firstVersion = writer.version + 1;
    const lastVersion = writer.version + events;
    const appendId = randomUUID();
    const states = Array.from({ length: events }, (_, index) => encodeEnvelope(firstVersion + index));
    await this.#list(writer, (await this.#currentTail()).page);
    await this.#inTurn(async () => {
      let { page, head } = await this.#currentTail();
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        if (head === lastPosition(page) || (head ?? firstPosition(page) - 1) + events > lastPosition(page)) {
          ({ page, head } = await this.#seal(page, head));
          continue;
        }
        await this.#list(writer, page);
        const start = (head ?? firstPosition(page) - 1) + 1;
        const target = start + events - 1;
        const expected = writer.page === page ? writer.version : null;
        const queries: { query: string; params: unknown[] }[] = [
          { query: this.#cql.advanceHead, params: [target, page, head] },
          { query: this.#cql.expectVersion, params: [lastVersion, page, lane, expected] },
        ];
        states.forEach((state, index) => {
          const version = firstVersion + index;
          const position = start + index;
          queries.push(
            { query: this.#cql.insertEntry, params: [page, position, id, version, DEPOSIT_TOPIC, state] },
            {
              query: this.#cql.insertEvent,
              params: [page, lane, version, position, DEPOSIT_TOPIC, state, appendId],
            },
          );
        });
        const result = await this.client.batch(queries, BATCH);
        if (result.first().get('[applied]') === true) {
          this.#saw({ page, head: target });
          writer.version = lastVersion;
          writer.page = page;
          return;
        }
        const found = headIn(result.rows);
        if (found === head) throw new Error(`raw's append of version ${firstVersion} of ${id} was refused`);
        head = found;
        this.#saw({ page, head });
      }
      throw new Error(`raw's append of version ${firstVersion} of ${id} lost the head ${ATTEMPTS} times`);
    });
  }

  /** Lists the page in the writer's lane index before its first rows there. */
  async #list(writer: RawWriter, page: number): Promise<void> {
    if (writer.listed === page) return;
    await this.client.execute(this.#cql.insertLanePage, [writer.lane, page], BASE);
    writer.listed = page;
  }

  /** Runs `work` after the batches of this process's other writers: they take the tail in turns, as Annals's do. */
  #inTurn(work: () => Promise<void>): Promise<void> {
    const turn = this.#turn.then(work);
    this.#turn = turn.catch(() => undefined);
    return turn;
  }

  /** The tail as last seen; on first use the first page not sealed, from the hinted one on. */
  async #currentTail(): Promise<Tail> {
    if (this.#tail) return this.#tail;
    const hint: unknown = (await this.client.execute(this.#cql.selectMetadata, [TAIL_HINT], READ))
      .first()
      ?.get('value');
    for (let page = typeof hint === 'string' ? Number(hint) : 0; ; page++) {
      const row = (await this.client.execute(this.#cql.selectPageHead, [page], READ)).first();
      const head = row ? numberOrNull(row, 'head') : null;
      if (head !== lastPosition(page)) {
        this.#saw({ page, head });
        return { page, head };
      }
    }
  }

  /** Seals a page (no later append goes there) and moves to the next, unless another append moved its head. */
  async #seal(page: number, head: number | null): Promise<Tail> {
    const last = lastPosition(page);
    if (head !== last) {
      const row = (await this.client.execute(this.#cql.advanceHead, [last, page, head], BASE)).first();
      const now = row.get('[applied]') === true ? last : numberOrNull(row, 'head');
      if (now !== last) {
        this.#saw({ page, head: now });
        return { page, head: now };
      }
    }
    await this.client.execute(this.#cql.updateMetadata, [String(page + 1), TAIL_HINT], BASE);
    this.#saw({ page: page + 1, head: null });
    return { page: page + 1, head: null };
  }

  #saw(tail: Tail): void {
    const known = this.#tail;
    if (!known || tail.page > known.page || (tail.page === known.page && tail.head !== null))
      this.#tail = tail;
  }
}

/** The options of a read that goes on from `pageState`, when there is one. */
function withPageState(options: QueryOptions, pageState: string | undefined): QueryOptions {
  return pageState === undefined ? options : { ...options, pageState };
}

function newWriter(): RawWriter {
  const id = uuidv7();
  return { id, lane: laneOf(id), version: 0, page: undefined, listed: undefined };
}

/** The strategy's lane of an aggregate's events: `a` and its id in lower case. */
function laneOf(id: string): string {
  return `a${id.toLowerCase()}`;
}

function firstPosition(page: number): number {
  return page * BUCKET_SIZE + 1;
}

function lastPosition(page: number): number {
  return (page + 1) * BUCKET_SIZE;
}

/** The page's head a refused batch shows (the static column, on any of its rows). */
function headIn(rows: readonly types.Row[]): number | null {
  for (const row of rows) {
    const head = numberOrNull(row, 'head');
    if (head !== null) return head;
  }
  return null;
}

function numberOrNull(row: types.Row, column: string): number | null {
  const value: unknown = row.get(column);
  if (value === null || value === undefined) return null;
  if (!(value instanceof Long)) throw new Error(`raw read a ${column} that is not a bigint`);
  return value.toNumber();
}

function numberOf(row: types.Row, column: string): number {
  const value = numberOrNull(row, column);
  if (value === null) throw new Error(`raw read a row without ${column}`);
  return value;
}
