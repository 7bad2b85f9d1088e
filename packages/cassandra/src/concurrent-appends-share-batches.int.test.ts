import { randomUUID } from 'node:crypto';
import { setImmediate as afterQueued } from 'node:timers/promises';
import test from 'ava';
import { isRecordConflictError, type StoredEvent } from '@annals/core';
import { casWriteTimeout, faultyConnector, type Fault } from './fixtures/faulty-connector.js';
import { migratedStrategy } from './fixtures/migrated-strategy.js';

const event = (originatorId: string, originatorVersion: number, mark = 0): StoredEvent => ({
  originatorId,
  originatorVersion,
  topic: 'Batch.Shared',
  state: Uint8Array.of(originatorVersion, mark),
});

/** A fault that holds the next batch until `open` is called, then does what `then` does with it. */
function gate(then: Fault = (send) => send()): { fault: Fault; open: () => void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    fault: async (send) => {
      await opened;
      return then(send);
    },
    open,
  };
}

/**
 * Aggregates with version 1 in the tail page, written by this strategy: their next appends need no reads,
 * so they queue at once.
 */
async function aggregatesAtVersion1(
  strategy: { append(events: readonly StoredEvent[]): Promise<readonly number[]> },
  count: number,
): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await strategy.append(ids.map((id) => event(id, 1)));
  return ids;
}

test('appends that wait while a batch is in flight go together in the next, each stored whole and once', async (t) => {
  const { state, connector } = faultyConnector();
  const strategy = await migratedStrategy(t, {}, connector);
  const ids = await aggregatesAtVersion1(strategy, 20);
  const held = gate();
  state.fault = held.fault;
  const batchesBefore = state.faultable;
  const appends = ids.map((id) => strategy.append([event(id, 2), event(id, 3)]));
  await afterQueued();
  held.open();
  const positions = await Promise.all(appends);

  t.true(state.faultable - batchesBefore <= 2, `20 appends took ${state.faultable - batchesBefore} batches`);
  const all = positions.flat().sort((a, b) => a - b);
  t.is(new Set(all).size, 40);
  t.deepEqual(
    all,
    Array.from({ length: 40 }, (_, index) => all[0]! + index),
  );
  for (const appended of positions) t.is(appended[1], appended[0]! + 1);
  const log = await strategy.selectNotifications({ start: 1, limit: 1000 });
  t.is(log.length, 60);
  for (const id of ids) {
    t.deepEqual(
      log.filter((notification) => notification.originatorId === id).map((n) => n.originatorVersion),
      [1, 2, 3],
    );
  }
});

test('an append refused in a shared batch fails alone; the others are stored, and a lane goes once per batch', async (t) => {
  const { state, connector } = faultyConnector();
  const strategy = await migratedStrategy(t, {}, connector);
  const [stale, twice, ...others] = await aggregatesAtVersion1(strategy, 6);
  await strategy.append([event(stale!, 2)]);
  const held = gate();
  state.fault = held.fault;
  const staleAppend = strategy.append([event(stale!, 2, 9)]);
  const rivals = [strategy.append([event(twice!, 2, 1)]), strategy.append([event(twice!, 2, 2)])];
  const appends = others.map((id) => strategy.append([event(id, 2)]));
  await afterQueued();
  held.open();

  const refused = await t.throwsAsync(staleAppend);
  t.true(isRecordConflictError(refused), String(refused));
  await Promise.all(appends);
  const outcomes = await Promise.allSettled(rivals);
  t.is(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1);
  const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
  t.true(isRecordConflictError(rejected?.reason), String(rejected?.reason));

  t.deepEqual(await strategy.selectEvents(stale!), [event(stale!, 1), event(stale!, 2)]);
  t.is((await strategy.selectEvents(twice!)).length, 2);
  for (const id of others) t.deepEqual(await strategy.selectEvents(id), [event(id, 1), event(id, 2)]);
  const log = await strategy.selectNotifications({ start: 1, limit: 1000 });
  t.is(log.length, 6 + 1 + 1 + others.length);
});

test('a shared batch whose outcome is unknown is decided by one serial read for all its appends', async (t) => {
  const { state, connector } = faultyConnector();
  const strategy = await migratedStrategy(t, {}, connector);
  const ids = await aggregatesAtVersion1(strategy, 10);
  const held = gate(async (send) => {
    await send();
    throw casWriteTimeout();
  });
  state.fault = held.fault;
  const appends = ids.map((id) => strategy.append([event(id, 2)]));
  await afterQueued();
  held.open();
  await Promise.all(appends);

  t.is(state.serialReads, 1);
  for (const id of ids) t.deepEqual(await strategy.selectEvents(id), [event(id, 1), event(id, 2)]);
  const log = await strategy.selectNotifications({ start: 1, limit: 1000 });
  t.is(log.length, 20);
});
