import { randomUUID } from 'node:crypto';
import test from 'ava';
import { isOperationalError, isRecordConflictError, type StoredEvent } from '@annals/core';
import cassandra from 'cassandra-driver';
import { casWriteTimeout, faultyConnector } from './fixtures/faulty-connector.js';
import { migratedStrategy } from './fixtures/migrated-strategy.js';
import { SENDS, SERIAL_READS } from './internal/conditional-write.js';

const { errors, types } = cassandra;

const event = (originatorId: string, originatorVersion: number, writer: number): StoredEvent => ({
  originatorId,
  originatorVersion,
  topic: 'Outcome.Tested',
  state: Uint8Array.of(writer, originatorVersion),
});

test('a write timeout after the batch was stored resolves to success', async (t) => {
  const { state, connector } = faultyConnector();
  const strategy = await migratedStrategy(t, {}, connector);
  const id = randomUUID();
  await strategy.append([event(id, 1, 1)]);
  state.fault = async (send) => {
    await send();
    throw casWriteTimeout();
  };
  await strategy.append([event(id, 2, 1), event(id, 3, 1)]);
  t.is(state.serialReads, 1);
  t.deepEqual(await strategy.selectEvents(id), [event(id, 1, 1), event(id, 2, 1), event(id, 3, 1)]);
});

test('a write timeout when a rival stored the version first resolves to a conflict', async (t) => {
  const { state, connector } = faultyConnector();
  const strategy = await migratedStrategy(t, {}, connector);
  const rival = await migratedStrategy(t, { keyspace: strategy.keyspace });
  const id = randomUUID();
  state.fault = async () => {
    await rival.append([event(id, 1, 2)]);
    throw casWriteTimeout();
  };
  const error = await t.throwsAsync(strategy.append([event(id, 1, 1)]));
  t.true(isRecordConflictError(error), String(error));
  t.deepEqual(await strategy.selectEvents(id), [event(id, 1, 2)]);
});

test('a write timeout when nothing was stored sends the batch again, which stores it', async (t) => {
  const { state, connector } = faultyConnector();
  const strategy = await migratedStrategy(t, {}, connector);
  const id = randomUUID();
  state.fault = () => Promise.reject(casWriteTimeout());
  await strategy.append([event(id, 1, 1)]);
  t.is(state.serialReads, 1);
  t.is(state.faultable, 2);
  t.deepEqual(await strategy.selectEvents(id), [event(id, 1, 1)]);
});

test('write timeouts that store nothing on every send are reported as safe to retry', async (t) => {
  const { state, connector } = faultyConnector();
  const strategy = await migratedStrategy(t, {}, connector);
  const id = randomUUID();
  state.fault = () => Promise.reject(casWriteTimeout());
  state.repeatFault = true;
  const error = await t.throwsAsync(strategy.append([event(id, 1, 1)]));
  t.true(isOperationalError(error), String(error));
  t.regex(
    error?.message ?? '',
    new RegExp(`failed ${SENDS} times .*none of it was stored, so it is safe to retry`),
  );
  t.is(state.faultable, SENDS);
  t.is(state.serialReads, SENDS);
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  t.true(
    cause instanceof errors.ResponseError && cause.code === Number(types.responseErrorCodes.writeTimeout),
  );
  t.deepEqual(await strategy.selectEvents(id), []);
  state.fault = undefined;
  await strategy.append([event(id, 1, 1)]);
  t.deepEqual(await strategy.selectEvents(id), [event(id, 1, 1)]);
});

test('when the serial read fails as well, the outcome is reported as unknown, not guessed', async (t) => {
  const { state, connector } = faultyConnector();
  const strategy = await migratedStrategy(t, {}, connector);
  const id = randomUUID();
  state.failSerialReads = true;
  state.fault = async (send) => {
    await send();
    throw casWriteTimeout();
  };
  const error = await t.throwsAsync(strategy.append([event(id, 1, 1)]));
  t.true(isOperationalError(error), String(error));
  t.regex(error?.message ?? '', /outcome is unknown/);
  t.is(state.serialReads, SERIAL_READS);
  state.failSerialReads = false;
  t.deepEqual(await strategy.selectEvents(id), [event(id, 1, 1)], 'it had in fact been stored');
});

test('a client-side timeout is resolved the same way', async (t) => {
  const { state, connector } = faultyConnector();
  const strategy = await migratedStrategy(t, {}, connector);
  const id = randomUUID();
  state.fault = async (send) => {
    await send();
    throw new errors.OperationTimedOutError('The host 127.0.0.1:9042 did not reply before timeout 12000 ms');
  };
  await strategy.append([event(id, 1, 1)]);
  t.is(state.serialReads, 1);
  t.deepEqual(await strategy.selectEvents(id), [event(id, 1, 1)]);
});

test('a request that never reached a node is reported without a serial read', async (t) => {
  const { state, connector } = faultyConnector();
  const strategy = await migratedStrategy(t, {}, connector);
  state.fault = () =>
    Promise.reject(new errors.NoHostAvailableError({}, 'All host(s) tried for query failed'));
  const error = await t.throwsAsync(strategy.append([event(randomUUID(), 1, 1)]));
  t.true(isOperationalError(error), String(error));
  t.is(state.serialReads, 0);
});
