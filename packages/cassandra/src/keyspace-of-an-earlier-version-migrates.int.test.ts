import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import { isConfigurationError } from '@annals/core';
import { migratedStrategy } from './fixtures/migrated-strategy.js';
import { forgetMigration } from './fixtures/forget-migration.js';
import type { CassandraStrategy } from './strategy/cassandra-strategy.js';
import { openStrategy } from './strategy/cassandra-strategy-function.js';
import { driverConnector } from './internal/executor.js';
import { patientSocket, testContactPoints } from './testing/index.js';

/** A strategy of the current version on a keyspace an earlier one left, not migrated on opening. */
function laterStrategy(t: ExecutionContext, keyspace: string): CassandraStrategy {
  const later = openStrategy(
    { contactPoints: testContactPoints, keyspace, clientOptions: { socketOptions: patientSocket } },
    driverConnector,
  );
  t.teardown(() => later.close());
  return later;
}

test('a keyspace without the projections and leases tables is named until migrate() adds them', async (t) => {
  const first = await migratedStrategy(t);
  const id = randomUUID();
  await first.append([
    { originatorId: id, originatorVersion: 1, topic: 'Earlier.Happened', state: new Uint8Array([1]) },
  ]);
  await forgetMigration(
    first.keyspace,
    '0002-projections-and-leases',
    ['projections', 'checkpoints', 'leases'].map((table) => `DROP TABLE ${first.keyspace}.${table}`),
  );
  const later = laterStrategy(t, first.keyspace);
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

test('checkpoints without move ids are named until migrate() adds them, and keep their positions', async (t) => {
  const first = await migratedStrategy(t);
  const key = { projection: 'balances', generation: 1, partition: 0 };
  await first.moveCheckpoint(key, 0, 12);
  await forgetMigration(first.keyspace, '0003-checkpoint-move-ids', [
    `ALTER TABLE ${first.keyspace}.checkpoints DROP move_id`,
  ]);
  const later = laterStrategy(t, first.keyspace);
  const error = await t.throwsAsync(later.moveCheckpoint(key, 12, 13));
  t.true(isConfigurationError(error), String(error));
  t.regex(error?.message ?? '', /lacks migration 0003-checkpoint-move-ids; run the strategy's migrate\(\)/);
  t.deepEqual(await later.migrate(), ['0003-checkpoint-move-ids']);
  t.is(await later.checkpoint(key), 12, 'the position written before is kept');
  await later.moveCheckpoint(key, 12, 13);
  t.is(await later.checkpoint(key), 13);
});
