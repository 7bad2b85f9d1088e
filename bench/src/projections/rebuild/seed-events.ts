import pg from 'pg';
import { DEPOSIT_TOPIC } from '../../sql/deposit.js';

/** Versions (deposits per account) written per statement. */
const VERSIONS_PER_STATEMENT = 10;

/**
 * Writes `events` deposits over `accounts` accounts straight into Annals' events table in bulk (one
 * INSERT … SELECT per ten deposits of every account), interleaved as the catch-up log is, each with the
 * bytes Annals' mapper stores for the suite's deposit (`depositFor`): its plain-JSON mark, time, class
 * version and payload. Nothing else may write meanwhile: it takes no part in the read barrier.
 */
export async function seedEvents(url: string, accounts: number, events: number): Promise<void> {
  if (events % accounts !== 0)
    throw new Error(`${events} events do not spread evenly over ${accounts} accounts`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      'CREATE TEMP TABLE seed_accounts AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, $1::int) n',
      [accounts],
    );
    const deposits = events / accounts;
    for (let first = 1; first <= deposits; first += VERSIONS_PER_STATEMENT) {
      const last = Math.min(deposits, first + VERSIONS_PER_STATEMENT - 1);
      await client.query(
        `INSERT INTO annals_events (originator_id, originator_version, topic, state)
         SELECT a.id, v, $3, convert_to(format(
             ' {"t":%s,"v":1,"p":{"amount":%s,"reference":"INV-%s consulting services, March retainer, net 30 days"}}',
             $4::bigint, 100 + v % 900, lpad(v::text, 8, '0')), 'UTF8')
         FROM generate_series($1::int, $2::int) v CROSS JOIN seed_accounts a
         ORDER BY v, a.n`,
        [first, last, DEPOSIT_TOPIC, Date.now()],
      );
    }
    await client.query('VACUUM ANALYZE annals_events');
  } finally {
    await client.end();
  }
}
