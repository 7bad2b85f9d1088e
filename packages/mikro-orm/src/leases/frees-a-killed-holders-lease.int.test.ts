import test, { type ExecutionContext } from 'ava';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MikroOrmStrategy } from '../mikro-orm-strategy.js';
import { childPrinting } from '../fixtures/child-process.js';
import { until } from '../fixtures/until.js';
import { postgresqlStrategy } from '../postgresql/index.js';
import { sqliteStrategy } from '../sqlite/index.js';
import { createPostgresqlDatabase } from '../testing/index.js';

const entry = (path: string): string => JSON.stringify(fileURLToPath(new URL(path, import.meta.url)));

/**
 * Another process takes the lease and holds it until it is SIGKILLed; this one then takes it, within
 * `within` ms of the kill.
 */
async function takesOverFromKilledHolder(
  t: ExecutionContext,
  strategy: MikroOrmStrategy,
  holderScript: (name: string) => string,
  within: number,
): Promise<void> {
  const name = `projection:balances:${randomUUID()}`;
  const holder = await childPrinting(t, holderScript(name), 'held');
  t.is(await strategy.tryLease(name), undefined, 'the other process holds it');
  holder.kill('SIGKILL');
  await once(holder, 'exit');
  const lease = await until('the lease of the killed process is free', () => strategy.tryLease(name), within);
  t.teardown(() => lease.release());
  t.false(lease.signal.aborted);
}

test('PostgreSQL: the lease of a SIGKILLed process is taken by another within seconds', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const strategy = postgresqlStrategy({ url: database.url, migrate: false });
  t.teardown(() => strategy.close());
  await takesOverFromKilledHolder(
    t,
    strategy,
    (name) => `
      const { postgresqlStrategy } = await import(${entry('../postgresql/index.js')});
      const strategy = postgresqlStrategy({ url: ${JSON.stringify(database.url)}, migrate: false });
      if (await strategy.tryLease(${JSON.stringify(name)})) console.log('held');`,
    5000,
  );
});

test('SQLite: the lease of a SIGKILLed process is taken by another once it has run out', async (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'annals-sqlite-leases-'));
  t.teardown(() => rmSync(directory, { recursive: true, force: true }));
  const path = join(directory, 'events.sqlite');
  const strategy = sqliteStrategy({ path });
  t.teardown(() => strategy.close());
  await strategy.migrate();
  await takesOverFromKilledHolder(
    t,
    strategy,
    (name) => `
      const { sqliteStrategy } = await import(${entry('../sqlite/index.js')});
      const strategy = sqliteStrategy({ path: ${JSON.stringify(path)}, leaseTtl: 1000 });
      if (await strategy.tryLease(${JSON.stringify(name)})) console.log('held');
      setInterval(() => undefined, 60_000);`,
    5000,
  );
});
