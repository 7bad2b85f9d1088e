import test from 'ava';
import { migratedStrategy } from './fixtures/migrated-strategy.js';

test('a lease whose holder stops renewing is free again once its time to live has passed', async (t) => {
  const holder = await migratedStrategy(t, { leaseTtl: 2 });
  const taker = await migratedStrategy(t, { keyspace: holder.keyspace, leaseTtl: 2 });
  const name = 'lease-of-a-dead-holder';
  const lease = await holder.tryLease(name);
  t.truthy(lease);
  t.is(await taker.tryLease(name), undefined, 'held while its holder renews it');
  // The holder's process "dies": its connections close, its renewals fail, its row is never deleted.
  await holder.close();
  const deadline = Date.now() + 10_000;
  let taken = await taker.tryLease(name);
  while (!taken && Date.now() < deadline) taken = await taker.tryLease(name);
  t.teardown(() => taken?.release());
  t.truthy(taken, 'taken again within the time to live and a few seconds of slack');
  await t.notThrowsAsync(
    new Promise<void>((resolve) => {
      if (lease?.signal.aborted) resolve();
      else lease?.signal.addEventListener('abort', () => resolve());
    }),
    'the dead holder’s lease says it is lost once its renewals have failed for the time to live',
  );
});
