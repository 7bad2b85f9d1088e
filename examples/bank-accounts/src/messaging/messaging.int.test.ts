import test, { type ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { connect } from 'amqplib';
import { deleteTopology, tapExchange, testBrokerUrl, uniqueName } from '@annals/amqp/testing';
import { hasOutbox } from '@annals/core';
import { MikroOrmStrategy } from '@annals/mikro-orm';
import { createPostgresqlDatabase } from '@annals/mikro-orm/testing';
import type { Bank } from '../domain/index.js';
import { moneyMoved } from '../domain/index.js';
import { settledTransfer } from '../http/settled-transfer.js';
import { openBank } from '../open-bank.js';
import type { Activity } from './activity-consumer.js';
import { bankMessaging, startBankMessaging } from './bank-messaging.js';

// Against the local RabbitMQ and PostgreSQL: each test has a database, an exchange and a queue of its own.

type Env = Record<string, string>;

/** The environment of one test's bank processes; the database, exchange and queues go when the test ends. */
async function setUp(t: ExecutionContext, storage: 'postgres' | 'sqlite' = 'postgres'): Promise<Env> {
  let database: Env;
  if (storage === 'postgres') {
    const created = await createPostgresqlDatabase('bank_messaging');
    t.teardown(() => created.drop());
    // The bank's and the transfers' tables, side by side in the test's database.
    database = { ANNALS_PERSISTENCE: 'postgres', ANNALS_POSTGRES_URL: created.url };
  } else {
    const directory = await mkdtemp(join(tmpdir(), 'bank-messaging-'));
    t.teardown(() => rm(directory, { recursive: true, force: true }));
    database = {
      ANNALS_PERSISTENCE: 'sqlite',
      BANK_SQLITE_PATH: join(directory, 'bank.sqlite'),
      TRANSFERS_SQLITE_PATH: join(directory, 'transfers.sqlite'),
    };
  }
  const env = {
    ...database,
    BANK_AMQP_URL: testBrokerUrl,
    BANK_AMQP_EXCHANGE: uniqueName('bank-events'),
    BANK_ACTIVITY_QUEUE: uniqueName('bank-activity'),
  };
  // What any process of the test may declare: the exchange and the queues of the default retry delays.
  const bank = await openBank(env);
  const topology = bankMessaging(bank).messaging.topology();
  await bank.close();
  t.teardown(() => deleteTopology(topology)); // teardowns run last first: before the database goes
  return env;
}

/** Opens a bank on the test's storage and broker; closed (after its messaging) when the test ends. */
async function open(t: ExecutionContext, env: Env): Promise<Bank> {
  const bank = await openBank(env);
  t.teardown(() => bank.close());
  return bank;
}

/** What the activity table must hold: one row per committed account event, from the event store. */
async function committedActivity(bank: Bank): Promise<Activity[]> {
  const notifications = await bank.notificationLog.select(1, 10_000);
  return notifications
    .map((notification) => bank.mapper.toDomainEvent(notification))
    .map((event) => ({
      messageId: `${event.originatorId}:${event.originatorVersion}`,
      accountId: event.originatorId,
      topic: event.topic,
      amount: moneyMoved(event.topic, event.payload),
      recordedAt: event.timestamp.toISOString(),
    }))
    .sort(byMessageId);
}

const byMessageId = (a: Activity, b: Activity): number => a.messageId.localeCompare(b.messageId);

/** Opens, moves money, fails a save and rolls one back: the committed events are those of the log. */
async function bankingDay(bank: Bank): Promise<void> {
  const alice = await bank.openAccount('Alice', 100);
  const bob = await bank.openAccount('Bob');
  const carol = await bank.openAccount('Carol');
  await bank.deposit(alice.id, 500);
  await bank.withdraw(alice.id, 300);
  await bank.deposit(bob.id, 300);
  await bank.withdraw(bob.id, 120);
  await bank.closeAccount(carol.id, 'moved abroad');
  await bank.withdraw(bob.id, 1_000).catch(() => undefined); // refused: no event
  if (!(bank.strategy instanceof MikroOrmStrategy)) throw new Error('the banking day needs SQL storage');
  await bank.strategy.orm.em
    .transactional(async () => {
      await bank.openAccount('Never');
      throw new Error('rolled back');
    })
    .catch(() => undefined);
}

/** Resolves once the outbox is empty: every row was confirmed by the broker. */
async function outboxEmpty(bank: Bank): Promise<void> {
  const { strategy } = bank;
  if (!hasOutbox(strategy)) throw new Error(`the ${strategy.name} strategy has no outbox`);
  const deadline = Date.now() + 15_000;
  while ((await strategy.outboxBacklog()).pending > 0) {
    if (Date.now() > deadline) throw new Error('the outbox did not empty');
    await sleep(20);
  }
}

test('the bank publishes its account events and the activity consumer records each once', async (t) => {
  const env = await setUp(t);
  const exchange = env['BANK_AMQP_EXCHANGE'] ?? '';
  const queue = env['BANK_ACTIVITY_QUEUE'] ?? '';

  // The server's side: publishing starts because BANK_AMQP_URL is set.
  const producer = await open(t, env);
  const publishing = await startBankMessaging(producer);
  if (!publishing) throw new Error('messaging should be on with BANK_AMQP_URL set');
  t.teardown(() => publishing.close());
  const tap = await tapExchange(exchange);
  t.teardown(() => tap.close());

  await bankingDay(producer);
  // The running relay empties the outbox on its own. A flush here could send a row a dispatch still holds
  // once more (as a flush after a crash must), and the consumer below would then count a duplicate.
  await outboxEmpty(producer);
  const expected = await committedActivity(producer);
  t.is(expected.length, 8);

  // The activity worker's side, in another application on the same database.
  const worker = await open(t, env);
  const { messaging, activity, log } = bankMessaging(worker);
  t.teardown(() => messaging.close());
  await log.migrate();

  t.like(await activity.drain(), { handled: 8, duplicates: 0, retried: 0, parked: 0 });
  t.deepEqual((await log.list()).sort(byMessageId), expected);
  await publishing.close();
  t.deepEqual(
    (await tap.caughtUp()).map((message) => message.fields.routingKey).sort(),
    expected.map((row) => `${row.topic}.bank`).sort(),
    'published once each, qualified by the service',
  );

  t.like(await activity.drain(), { handled: 0, duplicates: 0 }, 'nothing is left');

  // Every message again (as after a crash between commit and acknowledgement), and one the bank does not know.
  const connection = await connect(testBrokerUrl);
  t.teardown(() => connection.close());
  const channel = await connection.createConfirmChannel();
  for (const message of await tap.waitFor(8)) {
    channel.publish(exchange, message.fields.routingKey, message.content, message.properties);
  }
  channel.sendToQueue(queue, Buffer.from(JSON.stringify({ payload: {} })), {
    messageId: 'loan-1:1',
    headers: { 'annals-topic': 'Loan.Granted' },
  });
  await channel.waitForConfirms();
  t.like(await activity.drain(), { handled: 1, duplicates: 8, retried: 0, parked: 0 });
  t.deepEqual((await log.list()).sort(byMessageId), expected, 'no second row, and no row for the loan');
});

// Regression: on SQLite the relay's claim used to run inside the transaction of the save that woke it (the
// bank saves inside its read model's transaction), publishing a rolled-back event and stalling the relay.
test('on SQLite too, the server publishes every committed event once, and no other', async (t) => {
  const env = await setUp(t, 'sqlite');
  const bank = await open(t, env);
  const publishing = await startBankMessaging(bank);
  if (!publishing) throw new Error('messaging should be on with BANK_AMQP_URL set');
  t.teardown(() => publishing.close());
  const tap = await tapExchange(env['BANK_AMQP_EXCHANGE'] ?? '');
  t.teardown(() => tap.close());

  await bankingDay(bank);
  const expected = await committedActivity(bank);
  await outboxEmpty(bank); // a stalled relay never empties it
  await publishing.close();
  t.deepEqual(
    (await tap.caughtUp()).map((message) => String(message.properties.messageId)).sort(),
    expected.map((row) => row.messageId),
  );
});

test('a row is written in the message’s transaction: a handler failing after it leaves no row', async (t) => {
  const env = await setUp(t);
  const bank = await open(t, env);
  const { messaging, activity, log } = bankMessaging(bank, { retryDelays: [50] });
  t.teardown(() => messaging.close());
  await messaging.setup();
  await log.migrate();
  const alice = await bank.openAccount('Alice');
  await bank.deposit(alice.id, 70);
  await messaging.flush();

  // Runs after the activity row of each message was inserted, in the same transaction.
  const failing = `${alice.id}:2`;
  activity.subscribe('BankAccount.*', (message) => {
    if (message.id === failing && message.attempt === 1) throw new Error('fails after the insert');
  });
  // The retry finds no row from the failed attempt: its insert would hit the primary key and park it.
  t.like(await activity.drain({ waitForRetries: true }), { handled: 2, retried: 1, parked: 0 });
  t.deepEqual((await log.list()).map((row) => [row.messageId, row.amount]).sort(), [
    [`${alice.id}:1`, null],
    [`${alice.id}:2`, 70],
  ]);
});

const cliBin = fileURLToPath(new URL('bin.js', import.meta.resolve('@annals/cli')));
const cliModule = fileURLToPath(new URL('../annals.js', import.meta.url));

/** Runs `annals <args> --app dist/annals.js --json` in a child process and parses its output. */
async function annals<T>(args: readonly string[], env: Env): Promise<T> {
  const child = spawn(process.execPath, [cliBin, ...args, '--app', cliModule, '--json'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`annals ${args.join(' ')} exited ${code}: ${stderr}`);
  return JSON.parse(stdout) as T;
}

test('annals drain bank-activity records what the bank published', async (t) => {
  const env = await setUp(t);
  const queue = env['BANK_ACTIVITY_QUEUE'] ?? '';
  const bank = await open(t, env);
  const { messaging } = bankMessaging(bank);
  t.teardown(() => messaging.close());
  await messaging.setup();
  await bankingDay(bank);
  const expected = await committedActivity(bank);

  const status = await annals<{ outbox: { pending: number }; consumers: { consumer: string }[] }>(
    ['status'],
    env,
  );
  t.is(status.outbox.pending, expected.length);
  t.deepEqual(
    status.consumers.map((consumer) => consumer.consumer),
    [queue],
  );
  t.deepEqual(await annals(['flush'], env), { published: expected.length });
  t.deepEqual(await annals(['drain', queue], env), {
    [queue]: { handled: expected.length, duplicates: 0, retried: 0, parked: 0 },
  });
  t.deepEqual((await annals<Activity[]>(['activity'], env)).sort(byMessageId), expected);
  t.deepEqual(await annals(['parked', 'list', queue], env), { [queue]: [] });
});

/** A process of the example, started once it printed a line matching `ready`. */
interface Running {
  readonly ready: RegExpExecArray;
  /** Sends SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

async function start(entry: string, env: Env, ready: RegExp): Promise<Running> {
  const child = spawn(process.execPath, [fileURLToPath(new URL(entry, import.meta.url))], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit') as Promise<[number | null]>;
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const found = ready.exec(line);
      if (found) resolve(found);
    });
    void exited.then(([code]) => reject(new Error(`${entry} exited with ${code} before it was ready`)));
  });
  return {
    ready: match,
    stop: async () => {
      child.kill('SIGTERM');
      return (await exited)[0];
    },
  };
}

const serverPublishes = test.macro({
  title: (_title, entry: string) =>
    `${entry} publishes with BANK_AMQP_URL set, and the activity worker consumes until SIGTERM`,
  exec: async (t, entry: string) => {
    const env = await setUp(t);
    const server = await start(`../${entry}`, { ...env, PORT: '0' }, /^listening on (\S+)/);
    t.teardown(async () => void (await server.stop()));
    const worker = await start('./activity-worker.js', env, /^consuming /);
    t.teardown(async () => void (await worker.stop()));

    const url = server.ready[1] ?? '';
    const post = async (path: string, body: unknown): Promise<{ id: string }> => {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      t.true(response.ok, `${path}: ${response.status}`);
      return (await response.json()) as { id: string };
    };
    const alice = await post('/accounts', { owner: 'Alice' });
    const bob = await post('/accounts', { owner: 'Bob' });
    await post(`/accounts/${alice.id}/deposits`, { amount: 250 });
    const transfer = await post('/transfers', { from: alice.id, to: bob.id, amount: 100 });
    t.is(await settledTransfer(url, transfer.id), 'completed');

    const bank = await open(t, env);
    const expected = await committedActivity(bank);
    t.is(expected.length, 5);
    const { log } = bankMessaging(bank);
    const deadline = Date.now() + 15_000;
    let rows: Activity[] = [];
    while (rows.length < expected.length && Date.now() < deadline) {
      await sleep(50);
      rows = await log.list().catch(() => []);
    }
    t.deepEqual(rows.sort(byMessageId), expected);

    t.is(await worker.stop(), 0, 'the worker stopped cleanly');
    t.is(await server.stop(), 0, 'the server closed its messaging and its application');
  },
});

test(serverPublishes, 'server.js');
test(serverPublishes, 'cluster.js');
