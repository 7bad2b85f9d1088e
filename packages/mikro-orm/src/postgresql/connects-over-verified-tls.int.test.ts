import test, { type ExecutionContext } from 'ava';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Application, isOperationalError, type ActiveRecordStrategy } from '@annals/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  CertificateAuthority,
  startThrowawayPostgresql,
  type ThrowawayPostgresql,
} from '@annals/test-support';
import { orderPlaced } from '../fixtures/announced-event.js';
import type { MikroOrmStrategy } from '../mikro-orm-strategy.js';
import { postgresqlPersistence } from './postgresql-persistence.js';
import { postgresqlStrategy } from './postgresql-strategy.js';

let dir: string;
let ca: CertificateAuthority;
let otherCa: CertificateAuthority;
let server: ThrowawayPostgresql | undefined;

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'annals-postgresql-tls-'));
  ca = await CertificateAuthority.create(dir, 'annals-test-ca');
  otherCa = await CertificateAuthority.create(dir, 'another-ca');
  // The certificate names the server's address only, so a URL with the host `localhost` does not match it.
  const certificate = await ca.issue({ name: 'postgresql', altNames: ['IP:127.0.0.1'] });
  server = await startThrowawayPostgresql({ certificate });
});

test.after.always(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

function started(): ThrowawayPostgresql {
  if (!server) throw new Error('the throwaway PostgreSQL did not start');
  return server;
}

async function closing<S extends ActiveRecordStrategy>(t: ExecutionContext, strategy: S): Promise<S> {
  t.teardown(() => strategy.close());
  return strategy;
}

/** Stores and reads back an event, and returns whether the connection that did so is encrypted. */
async function roundTripIsEncrypted(t: ExecutionContext, strategy: MikroOrmStrategy): Promise<boolean> {
  const id = randomUUID();
  await strategy.append([orderPlaced(id, 1)]);
  t.like(await strategy.selectEvents(id), [{ originatorId: id, originatorVersion: 1 }]);
  const em = strategy.orm.em as EntityManager;
  const [row] = await em.execute<{ ssl: boolean }[]>(
    'select ssl from pg_stat_ssl where pid = pg_backend_pid()',
  );
  return row?.ssl === true;
}

test.serial('sslmode=verify-full with the CA as sslrootcert encrypts the connection', async (t) => {
  const url = started().url({ query: `sslmode=verify-full&sslrootcert=${ca.certFile}` });
  const strategy = await closing(t, postgresqlStrategy({ url }));
  t.true(await roundTripIsEncrypted(t, strategy));
});

test.serial('the tls option with the CA as PEM encrypts the connection', async (t) => {
  const strategy = await closing(t, postgresqlStrategy({ url: started().url(), tls: { ca: ca.cert } }));
  t.true(await roundTripIsEncrypted(t, strategy));
});

test.serial('POSTGRES_URL in the environment carries the TLS parameters', async (t) => {
  const app = new Application({
    name: 'bank',
    persistence: 'postgres',
    strategies: { postgres: postgresqlPersistence },
    env: { BANK_POSTGRES_URL: started().url({ query: `sslmode=verify-full&sslrootcert=${ca.certFile}` }) },
  });
  t.teardown(() => app.close());
  t.true(await roundTripIsEncrypted(t, app.strategy as MikroOrmStrategy));
});

test.serial('a server whose certificate another CA signed is refused', async (t) => {
  const url = started().url({ query: `sslmode=verify-full&sslrootcert=${otherCa.certFile}` });
  const strategy = await closing(t, postgresqlStrategy({ url }));
  const error = await t.throwsAsync(strategy.append([orderPlaced(randomUUID(), 1)]));
  t.true(isOperationalError(error));
  t.regex(
    error?.message ?? '',
    /^PostgreSQL at 127\.0\.0\.1:\d+\/postgres is unavailable over TLS: the server's TLS certificate is not signed by a trusted CA/,
  );
});

test.serial('a server whose certificate names another host is refused', async (t) => {
  const url = started().url({ host: 'localhost', query: `sslmode=verify-full&sslrootcert=${ca.certFile}` });
  const strategy = await closing(t, postgresqlStrategy({ url }));
  const error = await t.throwsAsync(strategy.append([orderPlaced(randomUUID(), 1)]));
  t.true(isOperationalError(error));
  t.regex(
    error?.message ?? '',
    /^PostgreSQL at localhost:\d+\/postgres is unavailable over TLS: the server's TLS certificate does not name the host connected to/,
  );
});

test.serial('a certificate for localhost does not pass for 127.0.0.1, as pg alone let it', async (t) => {
  const certificate = await ca.issue({ name: 'postgresql-localhost', altNames: ['DNS:localhost'] });
  const localhostOnly = await startThrowawayPostgresql({ certificate });
  t.teardown(() => localhostOnly.stop());
  const url = localhostOnly.url({ query: `sslmode=verify-full&sslrootcert=${ca.certFile}` });
  const strategy = await closing(t, postgresqlStrategy({ url }));
  const error = await t.throwsAsync(strategy.append([orderPlaced(randomUUID(), 1)]));
  t.regex(
    error?.message ?? '',
    /does not name the host connected to .*IP: 127\.0\.0\.1 is not in the cert's list/,
  );
});

test.serial('an sslrootcert that cannot be read fails at construction, naming the setting', (t) => {
  const url = started().url({ query: `sslmode=verify-full&sslrootcert=${join(dir, 'missing.pem')}` });
  const error = t.throws(() => postgresqlStrategy({ url }));
  t.like(error, { code: 'ANNALS_CONFIGURATION', setting: 'postgresUrl' });
  t.regex(error?.message ?? '', /TLS parameters of the PostgreSQL URL cannot be used: ENOENT.*missing\.pem/);
});
