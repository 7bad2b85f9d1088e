import pg from 'pg';
import { decodeEnvelope } from '../../sql/envelope.js';
import type { CatchUpContender } from '../catch-up-contender.js';
import type { CatchUpTask } from '../catch-up-task.js';
import { checkBalances, countBalances, createBalances, upsertBalance } from '../read-model.js';

const BALANCES = 'raw_balances';
const NAME = 'balances';
const UPSERT = upsertBalance(BALANCES);
/** The table Annals' PostgreSQL strategy stores the log in, which the suite seeded. */
const SELECT_PAGE = `SELECT position, originator_id, state FROM annals_events
  WHERE position > $1 ORDER BY position LIMIT $2`;
/** A compare-and-set, as Annals moves its checkpoints, so that two processes never apply a page twice. */
const MOVE_CHECKPOINT = 'UPDATE raw_tracking SET position = $3 WHERE name = $1 AND position = $2';

interface EventRow {
  readonly position: string;
  readonly originator_id: string;
  readonly state: Buffer;
}

/**
 * The same projection with the `pg` driver by hand: per page, in one transaction on one connection, read the
 * page, decode each event's JSON and upsert its account's row, then move the tracking row.
 */
export class RawContender implements CatchUpContender {
  private constructor(readonly pool: pg.Pool) {}

  static async open(url: string): Promise<RawContender> {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    await pool.query(createBalances(BALANCES));
    await pool.query(
      'CREATE TABLE IF NOT EXISTS raw_tracking (name text PRIMARY KEY, position bigint NOT NULL)',
    );
    return new RawContender(pool);
  }

  async seed(task: CatchUpTask): Promise<void> {
    const { rows } = await this.pool.query<{ events: string }>(
      'SELECT count(*) AS events FROM annals_events',
    );
    if (Number(rows[0]?.events) !== task.events) {
      throw new Error(`raw found ${rows[0]?.events} events in the log; the suite seeds ${task.events}`);
    }
  }

  async reset(): Promise<void> {
    await this.pool.query(`TRUNCATE ${BALANCES}`);
    await this.pool.query(
      `INSERT INTO raw_tracking (name, position) VALUES ($1, 0)
       ON CONFLICT (name) DO UPDATE SET position = 0`,
      [NAME],
    );
  }

  async catchUp(task: CatchUpTask): Promise<void> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ position: string }>(
        'SELECT position FROM raw_tracking WHERE name = $1',
        [NAME],
      );
      let position = Number(rows[0]?.position ?? 0);
      for (;;) {
        await client.query('BEGIN');
        const page = await client.query<EventRow>(SELECT_PAGE, [position, task.pageSize]);
        const last = page.rows.at(-1);
        if (!last) {
          await client.query('COMMIT');
          return;
        }
        for (const row of page.rows) {
          const { p } = decodeEnvelope(row.state);
          await client.query(UPSERT, [row.originator_id, p.amount, row.position]);
        }
        const moved = await client.query(MOVE_CHECKPOINT, [NAME, position, last.position]);
        if (moved.rowCount !== 1) throw new Error('raw lost its checkpoint to another process');
        await client.query('COMMIT');
        position = Number(last.position);
        if (page.rows.length < task.pageSize) return;
      }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async check(task: CatchUpTask): Promise<void> {
    checkBalances('raw', await this.count(), task);
  }

  /** The rows of the read model, and the deposits they count. */
  async count(): Promise<{ rows: number; deposits: number }> {
    const { rows } = await this.pool.query<{ rows: string; deposits: string | null }>(
      countBalances(BALANCES),
    );
    return { rows: Number(rows[0]?.rows ?? 0), deposits: Number(rows[0]?.deposits ?? 0) };
  }

  /** The position of the log's last event. */
  async lastPosition(): Promise<number> {
    const { rows } = await this.pool.query<{ position: string }>(
      'SELECT coalesce(max(position), 0) AS position FROM annals_events',
    );
    return Number(rows[0]?.position ?? 0);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
