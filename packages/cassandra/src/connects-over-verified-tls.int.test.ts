import test, { type ExecutionContext } from 'ava';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Application, isOperationalError, type StoredEvent } from '@annals/core';
import { CertificateAuthority, startThrowawayCassandra, type ThrowawayCassandra } from '@annals/test-support';
import type { CassandraStrategyOptions } from './options/index.js';
import { cassandraPersistence } from './persistence/index.js';
import { cassandraStrategy, type CassandraStrategy } from './strategy/index.js';
import { patientSocket } from './testing/index.js';

let dir: string;
let ca: CertificateAuthority;
let otherCa: CertificateAuthority;
let node: ThrowawayCassandra | undefined;

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'annals-cassandra-tls-test-'));
  ca = await CertificateAuthority.create(dir, 'annals-test-ca');
  otherCa = await CertificateAuthority.create(dir, 'another-ca');
  // The driver reaches nodes by address, so the certificate names the node's address.
  const certificate = await ca.issue({ name: 'cassandra', altNames: ['IP:127.0.0.1'] });
  node = await startThrowawayCassandra({ certificate });
});

test.after.always(async () => {
  await node?.stop();
  await rm(dir, { recursive: true, force: true });
});

function contactPoints(): string[] {
  if (!node) throw new Error('the throwaway Cassandra did not start');
  return [node.contactPoint];
}

function opened(t: ExecutionContext, options: CassandraStrategyOptions): CassandraStrategy {
  const strategy = cassandraStrategy({
    contactPoints: contactPoints(),
    keyspace: 'annals_tls',
    clientOptions: { socketOptions: patientSocket },
    ...options,
  });
  t.teardown(() => strategy.close());
  return strategy;
}

function event(): StoredEvent {
  return { originatorId: randomUUID(), originatorVersion: 1, topic: 'Note.Written', state: Uint8Array.of(1) };
}

test.serial('the tls option with the CA stores and reads over client encryption', async (t) => {
  const strategy = opened(t, { tls: { ca: ca.cert }, migrate: true });
  const written = event();
  await strategy.append([written]);
  t.like(await strategy.selectEvents(written.originatorId), [{ originatorVersion: 1 }]);
});

test.serial('CASSANDRA_CA_FILE in the environment turns TLS on with that CA', async (t) => {
  const app = new Application({
    name: 'bank',
    persistence: 'cassandra',
    strategies: { cassandra: cassandraPersistence },
    env: {
      BANK_CASSANDRA_CONTACT_POINTS: contactPoints().join(','),
      BANK_CASSANDRA_KEYSPACE: 'annals_tls',
      BANK_CASSANDRA_MIGRATE: 'true',
      BANK_CASSANDRA_CA_FILE: ca.certFile,
    },
  });
  t.teardown(() => app.close());
  const written = event();
  await app.strategy.append([written]);
  t.like(await app.strategy.selectEvents(written.originatorId), [{ originatorVersion: 1 }]);
});

test.serial('the node refuses a client that does not encrypt', async (t) => {
  const error = await t.throwsAsync(opened(t, {}).selectEvents(randomUUID()));
  t.true(isOperationalError(error));
});

test.serial('a node whose certificate another CA signed is refused', async (t) => {
  const error = await t.throwsAsync(opened(t, { tls: { ca: otherCa.cert } }).selectEvents(randomUUID()));
  t.true(isOperationalError(error));
  t.regex(
    error?.message ?? '',
    /^no Cassandra node could be reached at 127\.0\.0\.1:\d+ over TLS: the server's TLS certificate is not signed by a trusted CA/,
  );
});

test.serial('a node whose certificate does not name the host expected is refused', async (t) => {
  const strategy = opened(t, { tls: { ca: ca.cert, servername: 'cassandra.example' } });
  const error = await t.throwsAsync(strategy.selectEvents(randomUUID()));
  t.regex(error?.message ?? '', /over TLS: the server's TLS certificate does not name the host connected to/);
});

test.serial(
  'the driver’s own sslOptions verify certificates too, which the driver alone does not',
  async (t) => {
    const strategy = opened(t, {
      clientOptions: { socketOptions: patientSocket, sslOptions: { ca: otherCa.cert } },
    });
    const error = await t.throwsAsync(strategy.selectEvents(randomUUID()));
    t.regex(error?.message ?? '', /over TLS: the server's TLS certificate is not signed by a trusted CA/);
  },
);
