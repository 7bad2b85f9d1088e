import { randomUUID } from 'node:crypto';
import test from 'ava';
import { isConfigurationError } from '@annals/core';
import { migratedStrategy } from './fixtures/migrated-strategy.js';
import { forgetMigration } from './fixtures/forget-migration.js';
import { openStrategy } from './strategy/cassandra-strategy-function.js';
import { driverConnector } from './internal/executor.js';
import { patientSocket, testContactPoints } from './testing/index.js';

test('a keyspace without the projections and leases tables is named until migrate() adds them', async (t) => {
  const first = await migratedStrategy(t);
  const id = randomUUID();
  await first.append([
    { originatorId: id, originatorVersion: 1, topic: 'Earlier.Happened', state: new Uint8Array([1]) },
  ]);
  await forgetMigration(first.keyspace, '0002-projections-and-leases', [
    'projections',
    'checkpoints',
    'leases',
  ]);
  const later = openStrategy(
    {
      contactPoints: testContactPoints,
      keyspace: first.keyspace,
      clientOptions: { socketOptions: patientSocket },
    },
    driverConnector,
  );
  t.teardown(() => later.close());
  const error = await t.throwsAsync(later.registerProjection('balances'));
  t.true(isConfigurationError(error), String(error));
  t.regex(
    error?.message ?? '',
    /lacks migration 0002-projections-and-leases; run the strategy's migrate\(\)/,
  );
  t.deepEqual(await later.migrate(), ['0002-projections-and-leases']);
  t.is((await later.registerProjection('balances')).generation, 1);
  t.is((await later.selectEvents(id)).length, 1, 'the events stored before are still found');
});
