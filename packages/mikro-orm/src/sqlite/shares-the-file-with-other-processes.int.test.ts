import test from 'ava';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { isOperationalError, type StoredEvent } from '@annals/core';
import type { EntityManager } from '@mikro-orm/sql';
import { sqliteStrategy } from './sqlite-strategy.js';

const directory = mkdtempSync(join(tmpdir(), 'annals-sqlite-processes-'));
test.after.always(() => rmSync(directory, { recursive: true, force: true }));

const event = (): StoredEvent => ({
  originatorId: randomUUID(),
  originatorVersion: 1,
  topic: 'Order.Placed',
  state: new Uint8Array([1]),
});

/** A migrated SQLite file in the test directory holding one event, with no connection left open on it. */
async function fileWithOneEvent(name: string): Promise<string> {
  const path = join(directory, name);
  const first = sqliteStrategy({ path });
  await first.append([event()]);
  await first.close();
  return path;
}

/**
 * Another process that takes the file's write lock and commits after `ms`, or when told to with `commit()`.
 * Resolves once it holds the lock, with a promise of its exit.
 */
async function holdWriteLock(
  path: string,
  ms?: number,
): Promise<{ readonly released: Promise<unknown>; readonly commit: () => void }> {
  const script = `
    const db = new (require('node:sqlite').DatabaseSync)(${JSON.stringify(path)});
    db.exec('BEGIN IMMEDIATE');
    console.log('locked');
    const commit = () => { db.exec('COMMIT'); db.close(); process.exit(0); };
    ${ms === undefined ? "process.stdin.once('data', commit);" : `setTimeout(commit, ${ms});`}`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  for await (const line of createInterface({ input: child.stdout })) if (line === 'locked') break;
  return { released: exited, commit: () => child.stdin.end('commit\n') };
}

test("a fresh strategy's first statements wait for another process's write lock", async (t) => {
  const path = await fileWithOneEvent('waits.sqlite');
  const { released } = await holdWriteLock(path, 300);
  const strategy = sqliteStrategy({ path, busyTimeout: 60_000 });
  t.teardown(() => strategy.close());
  // A user's own table, created through the ORM before Annals has run anything on this connection.
  await (strategy.orm.em as EntityManager).execute(
    'CREATE TABLE IF NOT EXISTS read_model (id TEXT PRIMARY KEY)',
  );
  await strategy.append([event()]);
  await released;
  t.is((await strategy.selectNotifications({ start: 1, limit: 10 })).length, 2);
});

test('a strategy waiting for another process’s lock leaves the event loop running', async (t) => {
  const path = await fileWithOneEvent('event-loop.sqlite');
  const { released, commit } = await holdWriteLock(path);
  const strategy = sqliteStrategy({ path, busyTimeout: 60_000 });
  t.teardown(() => strategy.close());
  let appended = false;
  const appending = strategy.append([event()]).then(() => (appended = true));
  // A wait in SQLite's busy handler would hold this timer until the lock went, and then fail.
  await new Promise((resolve) => setTimeout(resolve, 0));
  t.false(appended);
  commit();
  await appending;
  await released;
  t.is(await strategy.maxNotificationPosition(), 2);
});

test('two processes appending to one file at once both store every event', async (t) => {
  const path = await fileWithOneEvent('two-writers.sqlite');
  const module = new URL('./sqlite-strategy.js', import.meta.url).href;
  const script = `
    import { randomUUID } from 'node:crypto';
    const { sqliteStrategy } = await import(${JSON.stringify(module)});
    const strategy = sqliteStrategy({ path: ${JSON.stringify(path)}, busyTimeout: 60_000 });
    for (let index = 0; index < 50; index++) {
      const originatorId = randomUUID();
      await strategy.append([1, 2].map((originatorVersion) =>
        ({ originatorId, originatorVersion, topic: 'Order.Placed', state: new Uint8Array([2]) })));
    }
    await strategy.close();`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = once(child, 'exit');
  // Waits are generous, so that a slow machine cannot fail the test: it ends as soon as both are done.
  const strategy = sqliteStrategy({ path, busyTimeout: 60_000 });
  t.teardown(() => strategy.close());
  for (let index = 0; index < 50; index++) {
    const originatorId = randomUUID();
    await strategy.append(
      [1, 2].map((originatorVersion) => ({ ...event(), originatorId, originatorVersion })),
    );
  }
  t.deepEqual(await exited, [0, null]);
  t.is(await strategy.maxNotificationPosition(), 201);
});

test('a lock held longer than the busy timeout is an operational error naming the file; the next operation tries again', async (t) => {
  const path = await fileWithOneEvent('times-out.sqlite');
  const { released, commit } = await holdWriteLock(path);
  const strategy = sqliteStrategy({ path, busyTimeout: 100 });
  t.teardown(() => strategy.close());
  const error = await t.throwsAsync(strategy.append([event()]));
  commit();
  await released;
  t.true(isOperationalError(error), String(error));
  t.regex(error?.message ?? '', /times-out\.sqlite/);
  t.is((await strategy.selectNotifications({ start: 1, limit: 10 })).length, 1, 'nothing half-written');
});
