import test from 'ava';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createPostgresqlDatabase } from '../testing/index.js';
import { postgresqlStrategy } from '../postgresql/index.js';

const run = promisify(execFile);
const entry = fileURLToPath(new URL('../postgresql/index.js', import.meta.url));

/** A separate Node process that applies the migrations and prints what it applied. */
async function migrateInProcess(url: string): Promise<string[]> {
  const script = `
    const { postgresqlStrategy } = await import(${JSON.stringify(entry)});
    const strategy = postgresqlStrategy({ url: ${JSON.stringify(url)}, migrate: false });
    process.stdout.write(JSON.stringify(await strategy.migrate()));
    await strategy.close();`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  return JSON.parse(stdout) as string[];
}

test('processes migrating one PostgreSQL database at once apply each migration exactly once', async (t) => {
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const applied = await Promise.all([1, 2, 3].map(() => migrateInProcess(database.url)));
  t.deepEqual(
    applied.flat(),
    [
      '0001-event-store',
      '0002-messaging',
      '0003-outbox-position',
      '0004-outbox-dispatch',
      '0005-structured-outbox',
      '0007-projections',
    ],
    `applied: ${JSON.stringify(applied)}`,
  );

  const strategy = postgresqlStrategy({ url: database.url, migrate: false });
  t.teardown(() => strategy.close());
  t.deepEqual(await strategy.migrate(), [], 'a later run finds nothing to do');
  const id = '0190c2a8-8d1e-7c4e-9d6a-3f1e2d3c4b5a';
  await strategy.append([
    { originatorId: id, originatorVersion: 1, topic: 'Migrated', state: new Uint8Array([1]) },
  ]);
  t.is((await strategy.selectEvents(id)).length, 1);
});
