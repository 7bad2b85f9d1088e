import test from 'ava';
import { Wallet, Wallets } from '../application/fixtures/wallet.js';
import { InMemoryStrategy } from '../memory/index.js';
import type { Capability } from '../storage/index.js';
import { ApplicationLog } from './log-source.js';
import { ProjectionRunner } from './projection-runner.js';
import { balancesProjection, BalancesModel } from './fixtures/balances.js';

test('of two runners of a projection one holds the lease, and the other takes over when it stops', async (t) => {
  const strategy = new InMemoryStrategy();
  await using app = new Wallets({ strategy, env: {} });
  const model = new BalancesModel();
  const runnerOf = () =>
    new ProjectionRunner({
      projection: balancesProjection(),
      source: new ApplicationLog(app),
      store: strategy,
      context: () => model,
      leaseRetry: 10,
    });
  const first = runnerOf();
  const second = runnerOf();
  await first.start();
  await second.start();
  t.teardown(() => Promise.all([first.stop(), second.stop()]));

  const wallet = Wallet.create('owner');
  wallet.credit(3);
  const recordings = await app.save(wallet);
  await first.waitFor(recordings.at(-1)?.position);
  const states = async () => [
    (await first.status()).partitions[0]?.state,
    (await second.status()).partitions[0]?.state,
  ];
  t.deepEqual((await states()).sort(), ['following', 'waiting-for-lease']);

  const holder = (await first.status()).partitions[0]?.state === 'following' ? first : second;
  const other = holder === first ? second : first;
  await holder.stop();
  wallet.credit(4);
  const more = await app.save(wallet);
  await other.waitFor(more.at(-1)?.position);
  t.is(model.table(1).get(wallet.id)?.balance, 7);
  t.is(model.applied, 3);
});

test('runners racing without leases converge on one checkpoint, each batch moving it once', async (t) => {
  const leaseless = new InMemoryStrategy();
  const capabilities = new Set<Capability>([...leaseless.capabilities].filter((c) => c !== 'leases'));
  Object.defineProperty(leaseless, 'capabilities', { value: capabilities });
  await using app = new Wallets({ strategy: leaseless, env: {} });
  const wallets = Array.from({ length: 20 }, (_, index) => Wallet.create(`owner ${index}`));
  await app.save(...wallets);
  const model = new BalancesModel();
  const runners = Array.from(
    { length: 3 },
    () =>
      new ProjectionRunner({
        projection: balancesProjection(),
        source: new ApplicationLog(app),
        store: leaseless,
        context: () => model,
        batchSize: 2,
      }),
  );
  await Promise.all(runners.map((runner) => runner.start()));
  t.teardown(() => Promise.all(runners.map((runner) => runner.stop())));
  await runners[0]?.waitFor(20);
  t.is(model.applied, 20);
  t.deepEqual(await leaseless.checkpoints('balances').then((c) => c.map((p) => p.position)), [20]);
});
