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

test('events an earlier version kept in the events table are copied into the log by migrate(), once', async (t) => {
  const first = await migratedStrategy(t);
  const [long, short] = [randomUUID(), randomUUID()];
  const { keyspace } = first;
  // The earlier layout: a partition per aggregate and bucket of versions, an append whole in the bucket of
  // its first version (so a bucket may hold the tail of the one before), and a bucket opened by an append
  // that then failed, holding its static head only.
  const earlier: [string, number, number][] = [
    ...Array.from({ length: 13 }, (_, i): [string, number, number] => [long, 0, i + 1]),
    ...Array.from({ length: 4 }, (_, i): [string, number, number] => [long, 1, 14 + i]),
    [short, 0, 1],
  ];
  await forgetMigration(keyspace, '0004-notification-log', [
    `CREATE TABLE ${keyspace}.events (originator_id uuid, bucket bigint, originator_version bigint, ` +
      'head bigint STATIC, topic text, state blob, append_id uuid, ' +
      'PRIMARY KEY ((originator_id, bucket), originator_version))',
    ...earlier.map(
      ([id, bucket, version]) =>
        `INSERT INTO ${keyspace}.events (originator_id, bucket, originator_version, topic, state) ` +
        `VALUES (${id}, ${bucket}, ${version}, 'Earlier.Happened', 0x${version.toString(16).padStart(2, '0')})`,
    ),
    `UPDATE ${keyspace}.events SET head = 17 WHERE originator_id = ${long} AND bucket = 2`,
  ]);
  const later = laterStrategy(t, keyspace);
  const error = await t.throwsAsync(later.selectEvents(long));
  t.regex(error?.message ?? '', /lacks migration 0004-notification-log; run the strategy's migrate\(\)/);
  t.deepEqual(await later.migrate(), ['0004-notification-log']);
  t.deepEqual(await later.migrate(), []);
  const versions = (await later.selectEvents(long)).map((event) => event.originatorVersion);
  t.deepEqual(
    versions,
    Array.from({ length: 17 }, (_, i) => i + 1),
  );
  t.deepEqual(
    (await later.selectEvents(short)).map((event) => [event.originatorVersion, event.state]),
    [[1, Uint8Array.of(1)]],
  );
  const log = await later.selectNotifications({ start: 1, limit: 100 });
  t.is(log.length, 18, 'each event is in the log once');
  await later.append([
    { originatorId: long, originatorVersion: 18, topic: 'Later.Happened', state: Uint8Array.of(1) },
  ]);
  t.is((await later.selectEvents(long)).length, 18);
});
