import { recordTelemetry } from '@annals/test-support';
import type { DataPoint, Histogram } from '@opentelemetry/sdk-metrics';
import test from 'ava';
import { Wallet, Wallets } from '../application/fixtures/wallet.js';
import { InMemoryStrategy } from '../memory/index.js';

const telemetry = recordTelemetry();

test('appends are measured: their duration by operation, the events they wrote, and conflicts', async (t) => {
  const app = new Wallets({ name: 'measured', strategy: new InMemoryStrategy(), env: {} });
  t.teardown(() => app.close());
  const wallet = Wallet.create('ada');
  wallet.credit(1);
  await app.save(wallet);
  const stale = await app.get(Wallet, wallet.id);
  wallet.credit(2);
  await app.save(wallet);
  stale.credit(3);
  await t.throwsAsync(app.save(stale));

  const ours = (point: DataPoint<unknown>): boolean => point.attributes['annals.application'] === 'measured';
  const durations = (await telemetry.dataPoints('db.client.operation.duration')).filter(ours);
  const count = (operation: string, errorType?: string): number | undefined =>
    (
      durations.find(
        (point) =>
          point.attributes['db.operation.name'] === operation && point.attributes['error.type'] === errorType,
      )?.value as Histogram | undefined
    )?.count;
  t.is(count('append'), 2);
  t.is(count('append', 'ANNALS_RECORD_CONFLICT'), 1);
  t.is(count('load'), 1);
  t.is((await telemetry.metric('db.client.operation.duration'))?.descriptor.unit, 's');

  const appended = (await telemetry.dataPoints('annals.events.appended')).find(ours);
  t.is(appended?.value, 3);
  const conflicts = (await telemetry.dataPoints('annals.append.conflicts')).find(ours);
  t.is(conflicts?.value, 1);
});
