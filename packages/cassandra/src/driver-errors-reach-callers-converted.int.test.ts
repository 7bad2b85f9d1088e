import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import { isAnnalsError, isOperationalError, type StoredEvent } from '@annals/core';
import cassandra from 'cassandra-driver';
import { migratedStrategy } from './fixtures/migrated-strategy.js';
import { convertError } from './internal/convert-error.js';
import { cassandraStrategy } from './strategy/index.js';
import { patientSocket, testContactPoints } from './testing/index.js';

const { errors, types } = cassandra;
const codes = types.responseErrorCodes;

const event = (originatorId: string = randomUUID()): StoredEvent => ({
  originatorId,
  originatorVersion: 1,
  topic: 'Probe',
  state: Uint8Array.of(1),
});

/** A client of the test's own, for the schema changes a strategy never makes; shut down after the test. */
function rawClient(t: ExecutionContext): cassandra.Client {
  const client = new cassandra.Client({
    contactPoints: [...testContactPoints],
    localDataCenter: 'datacenter1',
    socketOptions: patientSocket,
  });
  t.teardown(() => client.shutdown());
  return client;
}

/** The driver's errors behind `error`: its causes, and the answers of each node a NoHostAvailableError tried. */
function driverErrorsOf(error: unknown): unknown[] {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (cause === undefined) return [];
  const answers =
    cause instanceof errors.NoHostAvailableError
      ? Object.values(cause.innerErrors as Record<string, unknown>)
      : [];
  return [cause, ...answers, ...driverErrorsOf(cause)];
}

/** Asserts that `error` is an OperationalError that the driver error `matches` caused. */
function assertConverted(t: ExecutionContext, error: unknown, matches: (cause: unknown) => boolean): void {
  t.true(isAnnalsError(error) && isOperationalError(error), String(error));
  t.true(driverErrorsOf(error).some(matches), `the cause of ${String(error)} is the driver's error`);
}

const responseError = (code: number) => (cause: unknown) =>
  cause instanceof errors.ResponseError && cause.code === code;

test('too few replicas alive (Unavailable) is an OperationalError for reads and appends', async (t) => {
  const strategy = await migratedStrategy(t);
  // Three replicas on a one-node cluster: a quorum (2) can never be alive.
  await rawClient(t).execute(
    `ALTER KEYSPACE ${strategy.keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}`,
  );
  const unavailable = responseError(codes.unavailableException);
  const reading = await t.throwsAsync(strategy.selectEvents(randomUUID()));
  assertConverted(t, reading, unavailable);
  t.regex(reading?.message ?? '', /failed on every node tried: Not enough replicas/);
  const appending = await t.throwsAsync(strategy.append([event()]));
  assertConverted(t, appending, unavailable);
  t.regex(appending?.message ?? '', /failed on every node tried: Not enough replicas/);
});

test('no node reachable (NoHostAvailable) is an OperationalError', async (t) => {
  const strategy = cassandraStrategy({ contactPoints: ['127.0.0.1:1'] });
  t.teardown(() => strategy.close());
  const noHost = (cause: unknown) => cause instanceof errors.NoHostAvailableError;
  assertConverted(t, await t.throwsAsync(strategy.selectEvents(randomUUID())), noHost);
  assertConverted(t, await t.throwsAsync(strategy.append([event()])), noHost);
});

test('a statement the node finds invalid (Invalid) is an OperationalError, reported without a serial read', async (t) => {
  const strategy = await migratedStrategy(t);
  await rawClient(t).execute(`ALTER TABLE ${strategy.keyspace}.log DROP topic`);
  const invalid = responseError(codes.invalid);
  assertConverted(t, await t.throwsAsync(strategy.selectNotifications({ start: 1, limit: 10 })), invalid);
  const appending = await t.throwsAsync(strategy.append([event()]));
  assertConverted(t, appending, invalid);
  t.notRegex(appending?.message ?? '', /outcome/);
});

test('a syntax error (SyntaxError) is an OperationalError', async (t) => {
  // The driver's errors are not instances of Error for ava's throwsAsync: catch it by hand.
  const refused: unknown = await rawClient(t)
    .execute('SELEC now() FROM system.local')
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  assertConverted(t, convertError(refused, testContactPoints), responseError(codes.syntaxError));
});
