import { createServer, type Server } from 'node:net';
import test, { type ExecutionContext } from 'ava';
import { isValidationError } from '@annals/core';
import { cassandraStrategy } from './strategy/index.js';

/** A TCP port that counts connections: any CQL sent would have to connect to it first. */
async function listener(t: ExecutionContext): Promise<{ point: string; connections: () => number }> {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { point: `127.0.0.1:${port}`, connections: () => connections };
}

test('bad keyspace names are refused with a ValidationError before any connection', async (t) => {
  const { point, connections } = await listener(t);
  const names = [
    '',
    'Bank',
    '1bank',
    'bank-accounts',
    'bank; DROP KEYSPACE x',
    'a'.repeat(49),
    'system_auth',
    'système',
  ];
  for (const keyspace of names) {
    const error = t.throws(
      () => cassandraStrategy({ contactPoints: [point], keyspace }),
      undefined,
      keyspace,
    );
    t.true(isValidationError(error), `${keyspace}: ${String(error)}`);
  }
  t.notThrows(() => void cassandraStrategy({ contactPoints: [point], keyspace: 'a'.repeat(48) }).close());
  t.is(connections(), 0);
});

test('other bad options are refused with a ValidationError naming them', (t) => {
  const cases: [string, Parameters<typeof cassandraStrategy>[0]][] = [
    ['bucketSize', { bucketSize: 0 }],
    ['bucketSize', { bucketSize: 2.5 }],
    ['pageSize', { pageSize: -1 }],
    ['leaseTtl', { leaseTtl: 1 }],
    ['leaseTtl', { leaseTtl: 2.5 }],
    ['contactPoints', { contactPoints: [] }],
    ['contactPoints', { contactPoints: ['127.0.0.1:9042, other'] }],
    ['consistency', { consistency: 'FEW' as never }],
    ['serialConsistency', { serialConsistency: 'LOCAL_QUORUM' as never }],
    ['replication factor', { replication: { class: 'SimpleStrategy', replicationFactor: 0 } }],
    ['replication', { replication: { class: 'NetworkTopologyStrategy', dataCenters: {} } }],
    ['data centre name', { replication: { class: 'NetworkTopologyStrategy', dataCenters: { "dc'1": 3 } } }],
  ];
  for (const [what, options] of cases) {
    const error = t.throws(() => cassandraStrategy(options), undefined, what);
    t.true(isValidationError(error), `${what}: ${String(error)}`);
    t.true(error?.message.includes(what.split(' ')[0] ?? what), `${what}: ${error?.message}`);
  }
});

test('malformed reads, appends and claims are refused before any connection', async (t) => {
  const { point, connections } = await listener(t);
  const strategy = cassandraStrategy({ contactPoints: [point] });
  t.teardown(() => strategy.close());
  const id = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
  const other = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c';
  const event = { originatorId: id, originatorVersion: 1, topic: 'T', state: Uint8Array.of(1) };
  const invalid = [
    () => strategy.selectEvents('not-a-uuid'),
    () => strategy.selectEvents(id, { gt: -1 }),
    () => strategy.selectSnapshot(id, 1.5),
    () => strategy.append([]),
    () => strategy.append([{ ...event, originatorVersion: 0 }]),
    () => strategy.append([event, { ...event, originatorId: id.toUpperCase() }]),
    () => strategy.append([event, { ...event, originatorId: other }, { ...event, originatorVersion: 3 }]),
  ];
  for (const attempt of invalid) t.true(isValidationError(await t.throwsAsync(attempt())));
  const message = {
    id: 'm',
    orderingKey: id,
    exchange: '',
    routingKey: 'q',
    contentType: 'application/octet-stream',
    body: Uint8Array.of(1),
  };
  const refused = [
    () => strategy.append([], { outbox: [{ ...message, routingKey: '' }] }),
    () => strategy.claimOutbox(0, async () => []),
  ];
  for (const attempt of refused) t.true(isValidationError(await t.throwsAsync(attempt())));
  t.is(connections(), 0);
});
