import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPostgresqlDatabase } from '@annals/mikro-orm/testing';
import { runJson } from './fixtures/run-cli.js';

const ANNALS_APP = fileURLToPath(new URL('./fixtures/persistence-cli.js', import.meta.url));

test('migrate on a new SQLite file reports every migration it applied, then none', async (t) => {
  const directory = await mkdtemp(join(tmpdir(), 'annals-cli-migrate-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  const env = {
    ANNALS_APP,
    LEDGER_PERSISTENCE: 'sqlite',
    LEDGER_SQLITE_PATH: join(directory, 'ledger.sqlite'),
  };
  t.deepEqual(await runJson(['migrate'], env), {
    storage: 'sqlite',
    applied: [
      '0001-event-store',
      '0002-messaging',
      '0005-structured-outbox',
      '0006-sqlite-event-constraints',
      '0007-projections',
    ],
  });
  t.deepEqual(await runJson(['migrate'], env), { storage: 'sqlite', applied: [] });
});

test('migrate on a new PostgreSQL database reports every migration it applied, then none', async (t) => {
  const database = await createPostgresqlDatabase('annals_cli_migrate');
  t.teardown(() => database.drop());
  const env = { ANNALS_APP, LEDGER_PERSISTENCE: 'postgres', LEDGER_POSTGRES_URL: database.url };
  t.deepEqual(await runJson(['migrate'], env), {
    storage: 'postgresql',
    applied: [
      '0001-event-store',
      '0002-messaging',
      '0003-outbox-position',
      '0004-outbox-dispatch',
      '0005-structured-outbox',
      '0007-projections',
    ],
  });
  t.deepEqual(await runJson(['migrate'], env), { storage: 'postgresql', applied: [] });
});
