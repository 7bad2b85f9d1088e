import test from 'ava';
import { Wallet, Wallets } from '../application/fixtures/wallet.js';
import { InMemoryStrategy } from '../memory/index.js';
import { ApplicationLog } from './log-source.js';
import { ProjectionRunner } from './projection-runner.js';
import { balancesProjection, BalancesModel } from './fixtures/balances.js';

async function walletsWithRunner(options: { batchSize?: number; partitions?: number } = {}) {
  const strategy = new InMemoryStrategy();
  const app = new Wallets({ strategy, env: {} });
  const model = new BalancesModel();
  const runner = new ProjectionRunner({
    projection: balancesProjection(),
    source: new ApplicationLog(app),
    store: strategy,
    context: () => model,
    batchSize: options.batchSize ?? 3,
    partitions: options.partitions,
  });
  return { strategy, app, model, runner };
}

test('a projection catches up from the start, then follows new saves live', async (t) => {
  const { app, model, runner } = await walletsWithRunner();
  t.teardown(() => app.close());
  const wallets = Array.from({ length: 4 }, (_, index) => Wallet.create(`owner ${index}`));
  for (const [index, wallet] of wallets.entries()) wallet.credit(10 * (index + 1));
  await app.save(...wallets);

  await runner.start();
  t.teardown(() => runner.stop());
  await runner.waitFor(await app.notificationLog.maxPosition());
  t.deepEqual(
    wallets.map((wallet) => model.table(1).get(wallet.id)?.balance),
    [10, 20, 30, 40],
  );

  const [first] = wallets;
  first?.credit(5);
  const [recording] = await app.save(first as Wallet);
  await runner.waitFor(recording?.position);
  t.is(model.table(1).get(first?.id ?? '')?.balance, 15);
  t.is(model.applied, 9, 'each of the nine events changed the read model once');

  const status = await runner.status();
  t.like(status, {
    name: 'balances',
    upstream: 'Wallets',
    generation: 1,
    head: 9,
    position: 9,
    lagEvents: 0,
  });
  t.is(status.lagSeconds, 0);
});

test('status shows the lag in events and seconds of a projection that has not run', async (t) => {
  const { app, runner, strategy } = await walletsWithRunner();
  t.teardown(() => app.close());
  await strategy.registerProjection('balances');
  await app.save(Wallet.create('someone'));
  const status = await runner.status();
  t.like(status, { head: 1, position: 0, lagEvents: 1 });
  t.true(status.lagSeconds >= 0);
});

test('read-your-writes waits time out with an error that names the projection and the position', async (t) => {
  const { app, runner } = await walletsWithRunner();
  t.teardown(() => app.close());
  const [recording] = await app.save(Wallet.create('unprojected'));
  const error = await t.throwsAsync(runner.waitFor(recording?.position, { timeout: 20 }));
  t.is((error as { code?: string }).code, 'ANNALS_TIMEOUT');
  t.regex(error?.message ?? '', /balances.*position 1/);
});

test('a paused projection resumes where it stopped', async (t) => {
  const { app, model, runner } = await walletsWithRunner();
  t.teardown(() => app.close());
  await runner.start();
  t.teardown(() => runner.stop());
  await runner.pause();
  t.true((await runner.status()).paused);
  const wallet = Wallet.create('patient');
  wallet.credit(7);
  const recordings = await app.save(wallet);
  await runner.resume();
  await runner.waitFor(recordings.at(-1)?.position);
  t.is(model.table(1).get(wallet.id)?.balance, 7);
});

test('a partitioned projection gives each aggregate to one partition and processes every event once', async (t) => {
  const { app, model, runner, strategy } = await walletsWithRunner({ partitions: 3 });
  t.teardown(() => app.close());
  const wallets = Array.from({ length: 12 }, (_, index) => Wallet.create(`owner ${index}`));
  for (const wallet of wallets) wallet.credit(1);
  await app.save(...wallets);
  await runner.start();
  t.teardown(() => runner.stop());
  await runner.waitFor(await app.notificationLog.maxPosition());
  t.is(model.applied, 24);
  t.true(wallets.every((wallet) => model.table(1).get(wallet.id)?.balance === 1));
  const checkpoints = await strategy.checkpoints('balances');
  t.deepEqual(
    checkpoints.map((checkpoint) => [checkpoint.partition, checkpoint.position]),
    [
      [0, 24],
      [1, 24],
      [2, 24],
    ],
  );
});
