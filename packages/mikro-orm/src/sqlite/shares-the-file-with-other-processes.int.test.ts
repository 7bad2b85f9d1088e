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
 * Another process that takes the file's write lock, holds it for `ms` and commits. Resolves once it holds the
 * lock, with a promise of its exit.
 */
async function holdWriteLock(path: string, ms: number): Promise<{ readonly released: Promise<unknown> }> {
  const script = `
    const db = new (require('node:sqlite').DatabaseSync)(${JSON.stringify(path)});
    db.exec('BEGIN IMMEDIATE');
    console.log('locked');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  for await (const line of createInterface({ input: child.stdout })) if (line === 'locked') break;
  return { released: exited };
}

test("a fresh strategy's first statements wait for another process's write lock", async (t) => {
  const path = await fileWithOneEvent('waits.sqlite');
  const { released } = await holdWriteLock(path, 300);
  const strategy = sqliteStrategy({ path });
  t.teardown(() => strategy.close());
  // A user's own table, created through the ORM before Annals has run anything on this connection.
  await (strategy.orm.em as EntityManager).execute(
    'CREATE TABLE IF NOT EXISTS read_model (id TEXT PRIMARY KEY)',
  );
  await strategy.append([event()]);
  await released;
  t.is((await strategy.selectNotifications({ start: 1, limit: 10 })).length, 2);
});

test('a lock held longer than the busy timeout is an operational error naming the file; the next operation tries again', async (t) => {
  const path = await fileWithOneEvent('times-out.sqlite');
  const { released } = await holdWriteLock(path, 1500);
  const strategy = sqliteStrategy({ path, busyTimeout: 100 });
  t.teardown(() => strategy.close());
  const error = await t.throwsAsync(strategy.append([event()]));
  await released;
  t.true(isOperationalError(error), String(error));
  t.regex(error?.message ?? '', /times-out\.sqlite/);
  t.is((await strategy.selectNotifications({ start: 1, limit: 10 })).length, 1, 'nothing half-written');
});
