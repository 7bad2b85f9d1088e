import test from 'ava';
import { migratedStrategy } from './fixtures/migrated-strategy.js';
import { takeLeaseRow } from './fixtures/take-lease-row.js';

test('a lease whose row another holder took says it is lost at its next renewal', async (t) => {
  const strategy = await migratedStrategy(t, { leaseTtl: 2 });
  const name = 'lease-taken-over';
  const lease = await strategy.tryLease(name);
  t.truthy(lease);
  t.teardown(() => lease?.release());
  const lost = new Promise<void>((resolve) => lease?.signal.addEventListener('abort', () => resolve()));
  await takeLeaseRow(strategy.keyspace, name);
  await lost;
  t.true(lease?.signal.aborted);
  await lease?.release();
  t.is(await strategy.tryLease(name), undefined, 'releasing a lost lease leaves the new holder’s row alone');
});
