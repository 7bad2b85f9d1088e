import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createThreadPool } from '@annals/worker';
import { openBank } from '../open-bank.js';
import type { StatementLine } from './statement-thread.js';

test('a pool of 2 threads, each with its own application, renders statements', async (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'annals-threads-test-'));
  t.teardown(() => rmSync(directory, { recursive: true, force: true }));
  const env = { ...process.env, BANK_SQLITE_PATH: join(directory, 'bank.sqlite') };
  const bank = await openBank(env);
  const alice = await bank.openAccount('Alice', 1_000);
  await bank.deposit(alice.id, 300);
  await bank.withdraw(alice.id, 500);
  await bank.close();

  const pool = await createThreadPool<string, StatementLine[]>({
    entry: new URL('statement-thread.js', import.meta.url),
    threads: 2,
    env,
  });
  t.teardown(() => pool.close());
  const statements = await Promise.all([pool.run(alice.id), pool.run(alice.id)]);
  for (const lines of statements) {
    t.deepEqual(
      lines.map((line) => [line.topic, line.balance]),
      [
        ['BankAccount.Opened', 0],
        ['BankAccount.Deposited', 300],
        ['BankAccount.Withdrawn', -200],
      ],
    );
  }
});
