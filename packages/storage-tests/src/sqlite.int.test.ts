import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteStrategy } from '@annals/mikro-orm/sqlite';
import { strategyContract } from '@annals/testing';

const directory = mkdtempSync(join(tmpdir(), 'annals-sqlite-contract-'));
test.after.always(() => rmSync(directory, { recursive: true, force: true }));

strategyContract(test, {
  create: async () => sqliteStrategy({ path: join(directory, 'events.sqlite') }),
  lacks: ['outbox-dispatch', 'log-watch'],
});
