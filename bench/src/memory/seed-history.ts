import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { DEPOSIT_TOPIC, depositFor } from '../sql/deposit.js';

/** Versions written per statement. */
const VERSIONS_PER_STATEMENT = 100_000;

/**
 * Writes versions 1 to `events` of the account `id` straight into Annals' events table on PostgreSQL, in
 * bulk (one INSERT … SELECT per 100,000 versions), each with the bytes Annals' mapper stores for the suite's
 * deposit (`depositFor`): its plain-JSON mark, time, class version and payload. Nothing else may write
 * meanwhile: it takes no part in the read barrier.
 */
export async function seedPostgresql(url: string, id: string, events: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let first = 1; first <= events; first += VERSIONS_PER_STATEMENT) {
      await client.query(
        `INSERT INTO annals_events (originator_id, originator_version, topic, state)
         SELECT $1::uuid, v, $2, convert_to(format(
             ' {"t":%s,"v":1,"p":{"amount":%s,"reference":"INV-%s consulting services, March retainer, net 30 days"}}',
             $3::bigint, 100 + v % 900, lpad(v::text, 8, '0')), 'UTF8')
         FROM generate_series($4::int, $5::int) v`,
        [id, DEPOSIT_TOPIC, Date.now(), first, Math.min(events, first + VERSIONS_PER_STATEMENT - 1)],
      );
    }
    await client.query('VACUUM ANALYZE annals_events');
  } finally {
    await client.end();
  }
}

/** The same history as {@link seedPostgresql}, in an SQLite file whose tables exist, in one transaction. */
export function seedSqlite(path: string, id: string, events: number): void {
  const db = new DatabaseSync(path);
  try {
    db.exec('BEGIN');
    db.prepare(
      `WITH RECURSIVE versions(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM versions WHERE v < ?)
       INSERT INTO annals_events (originator_id, originator_version, topic, state)
       SELECT ?, v, ?, CAST(printf(
           ' {"t":%d,"v":1,"p":{"amount":%d,"reference":"INV-%08d consulting services, March retainer, net 30 days"}}',
           ?, 100 + v % 900, v) AS BLOB)
       FROM versions`,
    ).run(events, id, DEPOSIT_TOPIC, Date.now());
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}

/** The balance of an account after the deposits of versions 1 to `events`. */
export function balanceAfter(events: number): number {
  let balance = 0;
  for (let version = 1; version <= events; version++) balance += depositFor(version).amount;
  return balance;
}
