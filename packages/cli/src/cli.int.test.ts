import test from 'ava';
import { deleteTopology, testBrokerUrl, uniqueName } from '@annals/amqp/testing';
import { createPostgresqlDatabase, type TemporaryDatabase } from '@annals/mikro-orm/testing';
import { runCli, runJson } from './fixtures/run-cli.js';

let database: TemporaryDatabase;
const exchange = uniqueName('cli-test');
const consumer = uniqueName('ledger');
const env = (): Record<string, string> => ({
  FIXTURE_POSTGRES_URL: database.url,
  FIXTURE_EXCHANGE: exchange,
  FIXTURE_CONSUMER: consumer,
  FIXTURE_AMQP_URL: testBrokerUrl,
});

test.before(async () => {
  database = await createPostgresqlDatabase('annals_cli');
});
test.after.always(async () => {
  await database.drop();
  const names = [consumer, `${consumer}.retry.1`, `${consumer}.retry.2`, `${consumer}.parked`];
  await deleteTopology({
    exchanges: [
      { name: exchange, type: 'topic' },
      { name: `${consumer}.retry`, type: 'direct' },
    ],
    queues: names.map((name) => ({ name })),
    bindings: [],
  });
});

test.serial('help lists the built-in commands and the application’s own', async (t) => {
  const run = await runCli(['help'], env());
  t.is(run.code, 0);
  for (const command of [
    'migrate',
    'setup',
    'flush',
    'drain',
    'status',
    'parked list',
    'open-accounts',
    'receipts',
  ]) {
    t.true(run.stdout.includes(command), command);
  }
});

test.serial('wrong command lines exit 2 with a one-line reason', async (t) => {
  const unknown = await runCli(['frobnicate'], env());
  t.is(unknown.code, 2);
  t.is(unknown.stderr.trim().split('\n').length, 1);
  t.regex(unknown.stderr, /unknown command "frobnicate"/);
  const noApp = await runCli(['status'], { ...env(), ANNALS_APP: '' });
  t.is(noApp.code, 2);
  t.regex(noApp.stderr, /--app <module> or set ANNALS_APP/);
  const badConsumer = await runCli(['drain', 'nobody'], env());
  t.is(badConsumer.code, 2);
  t.regex(badConsumer.stderr, /no consumer named "nobody"/);
});

test.serial('a command that fails exits 1 naming the reason', async (t) => {
  const run = await runCli(['setup', '--json'], {
    ...env(),
    FIXTURE_AMQP_URL: 'amqp://guest:guest@127.0.0.1:1',
  });
  t.is(run.code, 1);
  t.regex(
    run.stderr,
    /^annals setup: RabbitMQ at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1.* failed while connecting/,
  );
  t.like(JSON.parse(run.stdout), { error: { command: 'setup', code: 'ANNALS_OPERATIONAL' } });
});

test.serial('migrate, setup, then status, flush and drain move the events through', async (t) => {
  const migrated = await runJson<{ applied: string[] }>(['migrate'], env());
  t.deepEqual(migrated.applied, [
    '0001-event-store',
    '0002-messaging',
    '0003-outbox-position',
    '0004-outbox-dispatch',
    '0005-structured-outbox',
    '0007-projections',
  ]);
  t.deepEqual((await runJson<{ applied: string[] }>(['migrate'], env())).applied, []);

  const missing = await runCli(['drain', consumer], env());
  t.is(missing.code, 1);
  t.regex(missing.stderr, new RegExp(`missing on the broker: exchange "${exchange}"`));

  const topology = await runJson<{ queues: { name: string }[]; bindings: { pattern: string }[] }>(
    ['setup'],
    env(),
  );
  t.true(topology.queues.some((queue) => queue.name === `${consumer}.parked`));
  t.true(topology.bindings.some((binding) => binding.pattern === 'Account.*.bank'));

  const { ids } = await runJson<{ ids: string[] }>(['open-accounts', '3'], env());
  t.is(ids.length, 3);
  const before = await runJson<{ outbox: { pending: number; oldestAgeMs?: number } }>(['status'], env());
  t.is(before.outbox.pending, 6);
  t.true((before.outbox.oldestAgeMs ?? -1) >= 0);

  t.deepEqual(await runJson(['flush'], env()), { published: 6 });
  const queued = await runJson<{
    outbox: { pending: number };
    consumers: { consumer: string; ready: number }[];
  }>(['status'], env());
  t.is(queued.outbox.pending, 0);
  t.like(queued.consumers[0], { consumer, ready: 6 });

  const drained = await runJson<Record<string, { handled: number }>>(['drain', consumer], env());
  t.like(drained[consumer], { handled: 6, duplicates: 0 });
  const receipts = await runJson<string[]>(['receipts'], env());
  t.deepEqual([...receipts].sort(), ids.flatMap((id) => [`${id}:1`, `${id}:2`]).sort());

  const text = await runCli(['status'], env());
  t.regex(text.stdout, /outbox: 0 pending/);
  t.regex(text.stdout, new RegExp(`consumer ${consumer}: 0 waiting, 0 retrying, 0 parked`));
});

test.serial(
  'parked list shows messages that failed every attempt, and parked replay sends them back',
  async (t) => {
    const { ids } = await runJson<{ ids: string[] }>(['open-accounts', '1'], env());
    await runJson(['flush'], env());
    const failing = { ...env(), FIXTURE_FAIL: '1' };
    const drained = await runJson<Record<string, { parked: number; retried: number }>>(
      ['drain', '--wait-for-retries'],
      failing,
    );
    t.like(drained[consumer], { parked: 2, retried: 4 });
    const parked = await runJson<Record<string, { id: string; error: string; attempts: number }[]>>(
      ['parked', 'list'],
      env(),
    );
    t.deepEqual(parked[consumer]?.map((message) => message.id).sort(), [`${ids[0]}:1`, `${ids[0]}:2`].sort());
    t.like(parked[consumer]?.[0], { attempts: 3, error: 'Error: the ledger refuses everything' });
    const listed = await runCli(['parked', 'list', consumer], env());
    t.regex(listed.stdout, /2 parked/);
    t.deepEqual(await runJson(['parked', 'replay', consumer, '--id', `${ids[0]}:2`], env()), {
      [consumer]: 1,
    });
    t.deepEqual(await runJson(['parked', 'replay'], env()), { [consumer]: 1 });
    t.like((await runJson<Record<string, unknown>>(['drain'], env()))[consumer], { handled: 2 });
    t.like((await runJson<{ consumers: { parked: number }[] }>(['status'], env())).consumers[0], {
      parked: 0,
    });
  },
);
