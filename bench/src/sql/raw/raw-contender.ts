import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { DEPOSIT_TOPIC, depositFor, type Deposit } from '../deposit.js';
import type { SqlContender } from '../sql-contender.js';
import type { AppendShape } from '../sql-task.js';
import { runWriters } from '../writers.js';
import { CREATE_RAW_EVENTS, insertRawEvents, SELECT_AGGREGATE, SELECT_PAGE } from './raw-events-table.js';

interface EventRow {
  readonly originator_version: number;
  readonly state: Buffer;
}

/** The stored bytes: the envelope Annals' mapper writes (time, class version, payload), as JSON. */
interface Envelope {
  readonly t: number;
  readonly v: number;
  readonly p: Deposit;
}

/** The same work with the `pg` driver by hand: the baseline Annals' overhead is measured against. */
export class RawContender implements SqlContender {
  /** The INSERT statement for each number of events, built once as a hand-written one would be. */
  readonly #inserts = new Map<number, string>();

  private constructor(readonly pool: pg.Pool) {}

  static async open(url: string): Promise<RawContender> {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    await pool.query(CREATE_RAW_EVENTS);
    return new RawContender(pool);
  }

  append(shape: AppendShape): Promise<string[]> {
    return runWriters(
      shape,
      () => ({ id: uuidv7() }),
      async ({ id }, firstVersion, events) => {
        const values: unknown[] = [];
        for (let version = firstVersion; version < firstVersion + events; version++) {
          const envelope: Envelope = { t: Date.now(), v: 1, p: depositFor(version) };
          values.push(id, version, DEPOSIT_TOPIC, Buffer.from(JSON.stringify(envelope)));
        }
        await this.pool.query(this.#insertFor(events), values);
      },
    );
  }

  async load(aggregateId: string, events: number): Promise<void> {
    const { rows } = await this.pool.query<EventRow>(SELECT_AGGREGATE, [aggregateId]);
    let version = 0;
    let balance = 0;
    for (const row of rows) {
      if (row.originator_version !== version + 1) throw new Error(`raw found a gap after version ${version}`);
      balance += decode(row.state).p.amount;
      version = row.originator_version;
    }
    if (version !== events) throw new Error(`raw loaded ${version} of ${events} events (balance ${balance})`);
  }

  async scan(events: number, pageSize: number): Promise<void> {
    let read = 0;
    let after = 0;
    let balance = 0;
    while (read < events) {
      const { rows } = await this.pool.query<EventRow & { position: string }>(SELECT_PAGE, [
        after,
        Math.min(pageSize, events - read),
      ]);
      const last = rows.at(-1);
      if (!last) throw new Error(`raw scanned ${read} of ${events} events (balance ${balance})`);
      for (const row of rows) balance += decode(row.state).p.amount;
      read += rows.length;
      after = Number(last.position);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  #insertFor(events: number): string {
    let sql = this.#inserts.get(events);
    if (sql === undefined) {
      sql = insertRawEvents(events);
      this.#inserts.set(events, sql);
    }
    return sql;
  }
}

function decode(state: Buffer): Envelope {
  return JSON.parse(state.toString('utf8')) as Envelope;
}
