import test from 'ava';
import { isClosedError, isOperationalError } from '@annals/core';
import { cassandraStrategy } from './strategy/index.js';

test('no node at the contact points: an OperationalError naming them, on every call', async (t) => {
  const strategy = cassandraStrategy({ contactPoints: ['127.0.0.1:1'] });
  t.teardown(() => strategy.close());
  const id = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
  for (const attempt of [
    () => strategy.selectEvents(id),
    () => strategy.append([{ originatorId: id, originatorVersion: 1, topic: 'T', state: Uint8Array.of(1) }]),
    () => strategy.migrate(),
  ]) {
    const error = await t.throwsAsync(attempt());
    t.true(isOperationalError(error), String(error));
    t.regex(error?.message ?? '', /no Cassandra node could be reached at 127\.0\.0\.1:1/);
  }
});

test('a closed strategy refuses further calls', async (t) => {
  const strategy = cassandraStrategy({ contactPoints: ['127.0.0.1:1'] });
  await strategy.close();
  await strategy.close();
  t.true(isClosedError(await t.throwsAsync(strategy.selectEvents('0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b'))));
});
