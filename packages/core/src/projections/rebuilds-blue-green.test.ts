import test from 'ava';
import { Wallet, Wallets } from '../application/fixtures/wallet.js';
import { InMemoryStrategy } from '../memory/index.js';
import { ApplicationLog } from './log-source.js';
import { ProjectionRunner } from './projection-runner.js';
import type { RebuildProgress } from './rebuild-options.js';
import { balancesProjection, BalancesModel } from './fixtures/balances.js';

test('a rebuild writes the next generation while the served one keeps serving, then switches over', async (t) => {
  const strategy = new InMemoryStrategy();
  await using app = new Wallets({ strategy, env: {} });
  const model = new BalancesModel();
  const runner = new ProjectionRunner({
    projection: balancesProjection(),
    source: new ApplicationLog(app),
    store: strategy,
    context: () => model,
    batchSize: 4,
  });
  const wallets = Array.from({ length: 5 }, (_, index) => Wallet.create(`owner ${index}`));
  for (const [index, wallet] of wallets.entries()) wallet.credit(index);
  await app.save(...wallets);
  await runner.start();
  t.teardown(() => runner.stop());
  await runner.waitFor(10);
  const live = new Map(model.table(1));

  const progress: RebuildProgress[] = [];
  const served = await runner.rebuild({
    onProgress: (step) => {
      progress.push(step);
      t.true(model.tables.has(1), 'generation 1 serves while generation 2 is written');
    },
  });
  t.is(served, 2);
  t.is(await runner.generation(), 2);
  t.deepEqual(model.table(2), live, 'the rebuilt read model equals the live one');
  t.false(model.tables.has(1), 'the replaced generation was torn down');
  t.deepEqual(model.tearDowns, [1]);
  t.deepEqual(progress.at(-1), { generation: 2, position: 10, head: 10 });
  t.deepEqual(
    (await strategy.checkpoints('balances')).map((checkpoint) => checkpoint.generation),
    [2],
  );

  const [first] = wallets;
  first?.credit(100);
  const recordings = await app.save(first as Wallet);
  await runner.waitFor(recordings.at(-1)?.position);
  t.is(model.table(2).get(first?.id ?? '')?.balance, 100, 'the live runner follows the new generation');
});
