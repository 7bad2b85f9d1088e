import { randomUUID } from 'node:crypto';
import test from 'ava';
import { isRecordConflictError } from '@annals/core';
import { casWriteTimeout, faultyConnector } from './fixtures/faulty-connector.js';
import { migratedStrategy } from './fixtures/migrated-strategy.js';

/** The conditional statements on checkpoints and leases, which the faults below stand in for. */
const checkpointWrites = /checkpoints .*IF /s;
const leaseTakes = /INSERT INTO \S+\.leases /;

const newKey = () => ({ projection: `balances-${randomUUID()}`, generation: 1, partition: 0 });

test('a checkpoint move that timed out after it was stored is decided as moved', async (t) => {
  const { state, connector } = faultyConnector();
  const strategy = await migratedStrategy(t, {}, connector);
  const key = newKey();
  state.faultOn = checkpointWrites;
  for (const [from, to] of [
    [0, 5],
    [5, 9],
  ] as const) {
    state.fault = async (send) => {
      await send();
      throw casWriteTimeout();
    };
    await strategy.moveCheckpoint(key, from, to);
    t.is(await strategy.checkpoint(key), to);
  }
  t.is(state.serialReads, 2, 'one serial read decided each move');
});

test('a checkpoint move that timed out before anything was stored is sent again, and moves', async (t) => {
  const { state, connector } = faultyConnector();
  const strategy = await migratedStrategy(t, {}, connector);
  const key = newKey();
  await strategy.moveCheckpoint(key, 0, 3);
  state.faultOn = checkpointWrites;
  state.fault = () => Promise.reject(casWriteTimeout());
  await strategy.moveCheckpoint(key, 3, 7);
  t.is(state.faultable, 2);
  t.is(await strategy.checkpoint(key), 7);
});

test('a checkpoint move that timed out while another process moved it is a conflict', async (t) => {
  const { state, connector } = faultyConnector();
  const strategy = await migratedStrategy(t, {}, connector);
  const rival = await migratedStrategy(t, { keyspace: strategy.keyspace });
  const key = newKey();
  await strategy.moveCheckpoint(key, 0, 3);
  state.faultOn = checkpointWrites;
  state.fault = async () => {
    await rival.moveCheckpoint(key, 3, 8);
    throw casWriteTimeout();
  };
  const error = await t.throwsAsync(strategy.moveCheckpoint(key, 3, 7));
  t.true(isRecordConflictError(error), String(error));
  t.regex(error?.message ?? '', /is no longer at 3: another process moved it/);
  t.is(await strategy.checkpoint(key), 8);
});

test('a lease take that timed out after it was stored holds the lease', async (t) => {
  const { state, connector } = faultyConnector();
  const strategy = await migratedStrategy(t, {}, connector);
  const name = `lease-${randomUUID()}`;
  state.faultOn = leaseTakes;
  state.fault = async (send) => {
    await send();
    throw casWriteTimeout();
  };
  const lease = await strategy.tryLease(name);
  t.truthy(lease);
  t.false(lease?.signal.aborted);
  t.is(await strategy.tryLease(name), undefined, 'the row holds our holder id');
  await lease?.release();
  const again = await strategy.tryLease(name);
  t.truthy(again, 'released, it can be taken again');
  await again?.release();
});

test('a lease take that timed out while another process took the lease is refused', async (t) => {
  const { state, connector } = faultyConnector();
  const strategy = await migratedStrategy(t, {}, connector);
  const rival = await migratedStrategy(t, { keyspace: strategy.keyspace });
  const name = `lease-${randomUUID()}`;
  let rivals: Awaited<ReturnType<typeof rival.tryLease>>;
  state.faultOn = leaseTakes;
  state.fault = async () => {
    rivals = await rival.tryLease(name);
    throw casWriteTimeout();
  };
  t.is(await strategy.tryLease(name), undefined);
  t.truthy(rivals);
  await rivals?.release();
});
