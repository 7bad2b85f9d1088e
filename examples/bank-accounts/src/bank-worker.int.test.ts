import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forkJobWorker } from '@annals/worker';
import type { MonthlyFeeJob, MonthlyFeeResult } from './bank-worker.js';
import { openBank } from './open-bank.js';

test('the job worker process charges fees with its own application and stops cleanly', async (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'annals-worker-test-'));
  t.teardown(() => rmSync(directory, { recursive: true, force: true }));
  const env = {
    ...process.env,
    BANK_SQLITE_PATH: join(directory, 'bank.sqlite'),
    TRANSFERS_SQLITE_PATH: join(directory, 'transfers.sqlite'),
  };

  const setup = await openBank(env);
  const alice = await setup.openAccount('Alice');
  await setup.deposit(alice.id, 1_000);
  const bob = await setup.openAccount('Bob');
  await setup.close();

  const worker = await forkJobWorker<MonthlyFeeJob, MonthlyFeeResult>(
    new URL('bank-worker.js', import.meta.url),
    { env },
  );
  const result = await worker.run({ accountIds: [alice.id, bob.id], fee: 250 });
  t.deepEqual(result.charged, [alice.id]);
  t.is(result.refused.length, 1);
  t.regex(result.refused[0]?.reason ?? '', /cannot pay 250/);
  await worker.stop();

  const after = await openBank(env);
  t.teardown(() => after.close());
  t.is((await after.account(alice.id)).balance, 750);
  t.is((await after.account(bob.id)).balance, 0);
});
