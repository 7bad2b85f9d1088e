import type { Pool, PoolClient } from 'pg';

const guarded = new WeakSet<Pool>();

/**
 * Makes `pool` take back a connection lost while checked out (the server restarted, the backend was
 * terminated) even when its holder never gives it back. Kysely returns the connection of a transaction begun
 * with `startTransaction()`, as MikroORM's are, only once its COMMIT or ROLLBACK succeeds
 * (kysely-org/kysely#1990); on a lost connection the ROLLBACK after a failure fails too, so each loss would
 * hold a pool slot for good, until no operation gets a connection. Safe to call more than once per pool.
 */
export function releaseLostConnections(pool: Pool): void {
  if (guarded.has(pool)) return;
  guarded.add(pool);
  const checkedOut = new WeakSet<PoolClient>();
  const watched = new WeakSet<PoolClient>();
  pool.on('acquire', (client) => {
    checkedOut.add(client);
    if (watched.has(client)) return;
    watched.add(client);
    client.once('end', () => {
      if (!checkedOut.has(client)) return;
      const release = client.release.bind(client);
      // A holder that still releases it later finds nothing to give back: pg-pool throws on a second release.
      client.release = () => undefined;
      release(new Error('the connection was lost while checked out'));
    });
  });
  pool.on('release', (_error, client) => {
    checkedOut.delete(client);
  });
}
