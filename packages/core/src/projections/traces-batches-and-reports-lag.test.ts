import { recordTelemetry } from '@annals/test-support';
import test from 'ava';
import { Wallet, Wallets } from '../application/fixtures/wallet.js';
import { InMemoryStrategy } from '../memory/index.js';
import { balancesProjection, BalancesModel } from './fixtures/balances.js';
import { ApplicationLog } from './log-source.js';
import { ProjectionRunner } from './projection-runner.js';

const telemetry = recordTelemetry();

test('each batch of a projection is a span, and its lag is reported at each collection', async (t) => {
  const strategy = new InMemoryStrategy();
  const app = new Wallets({ strategy, env: {} });
  t.teardown(() => app.close());
  const model = new BalancesModel();
  const runner = new ProjectionRunner({
    projection: balancesProjection(),
    source: new ApplicationLog(app),
    store: strategy,
    context: () => model,
    batchSize: 2,
  });
  const wallet = Wallet.create('ada');
  for (const amount of [1, 2]) wallet.credit(amount);
  await app.save(wallet);
  await strategy.registerProjection('balances');
  await runner.pause();
  await runner.start();
  t.teardown(() => runner.stop());

  const lag = async (): Promise<unknown> =>
    (await telemetry.dataPoints('annals.projection.lag')).find(
      (point) => point.attributes['annals.projection'] === 'balances',
    )?.value;
  t.is(await lag(), 3, 'paused: none of the three events is processed');

  await runner.resume();
  await runner.waitFor(3);
  t.is(await lag(), 0);
  const batches = telemetry.spans('annals.project');
  t.deepEqual(
    batches.map((span) => [
      span.attributes['annals.position.first'],
      span.attributes['annals.position.last'],
    ]),
    [
      [1, 2],
      [3, 3],
    ],
  );
  t.like(batches[0]?.attributes, { 'annals.projection': 'balances', 'annals.event.count': 2 });
});
