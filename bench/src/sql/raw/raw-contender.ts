import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { DEPOSIT_TOPIC } from '../deposit.js';
import { decodeEnvelope, encodeEnvelope } from '../envelope.js';
import type { SqlContender } from '../sql-contender.js';
import type { AppendShape } from '../sql-task.js';
import { runWriters } from '../writers.js';
import {
  CREATE_RAW_EVENTS,
  insertRawEvents,
  SELECT_AGGREGATE,
  SELECT_LAST_POSITION,
  SELECT_PAGE,
} from './raw-events-table.js';

interface EventRow {
  readonly originator_version: number;
  readonly state: Buffer;
}

/**
 * The same work with the `pg` driver by hand: the baseline Annals' overhead is measured against. Per row read
 * it does what a user needs for a usable object, and no more: one `JSON.parse` of the stored bytes.
 */
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
          values.push(id, version, DEPOSIT_TOPIC, encodeEnvelope(version));
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
      balance += decodeEnvelope(row.state).p.amount;
      version = row.originator_version;
    }
    if (version !== events) throw new Error(`raw loaded ${version} of ${events} events (balance ${balance})`);
  }

  async scan(events: number, pageSize: number, from: number): Promise<void> {
    let read = 0;
    let after = from;
    let balance = 0;
    while (read < events) {
      const { rows } = await this.pool.query<EventRow & { position: string }>(SELECT_PAGE, [
        after,
        Math.min(pageSize, events - read),
      ]);
      const last = rows.at(-1);
      if (!last) throw new Error(`raw scanned ${read} of ${events} events (balance ${balance})`);
      for (const row of rows) balance += decodeEnvelope(row.state).p.amount;
      read += rows.length;
      after = Number(last.position);
    }
  }

  async lastPosition(): Promise<number> {
    const { rows } = await this.pool.query<{ position: string }>(SELECT_LAST_POSITION);
    return Number(rows[0]?.position ?? 0);
  }

  /** Itself: whatever layer Annals is measured with, a user of the raw driver reads plain JSON rows. */
  async withLayer(): Promise<SqlContender> {
    return this;
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
