import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/sql';
import { leaseLost } from '../fixtures/lease-lost.js';
import { sqliteStrategy } from '../sqlite/index.js';

test('SQLite: a holder whose lease ran out and was taken over aborts its signal at its next renewal', async (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'annals-sqlite-lease-taken-'));
  t.teardown(() => rmSync(directory, { recursive: true, force: true }));
  const strategy = sqliteStrategy({ path: join(directory, 'events.sqlite'), leaseTtl: 300 });
  t.teardown(() => strategy.close());
  const lease = await strategy.tryLease('projection:balances:0');
  if (!lease) return t.fail('the lease was not taken');
  // What another process does when this holder has not renewed in time, here without waiting for that.
  await (strategy.orm.em as EntityManager).execute(
    `UPDATE annals_leases SET holder = 'another process', expires_at = expires_at + 60000
      WHERE name = 'projection:balances:0'`,
  );
  const reason = await leaseLost(lease, 5000);
  t.regex(String(reason), /lease projection:balances:0 ran out and another process took it/);
  await lease.release();
  t.is(await strategy.tryLease('projection:balances:0'), undefined, 'releasing a lost lease frees nothing');
});
