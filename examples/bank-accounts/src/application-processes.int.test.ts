import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { forkJobWorker } from '@annals/worker';
import { bankingOptions } from './banking/banking-options.js';
import type { MonthlyFeeJob, MonthlyFeeResult } from './bank-worker.js';
import { openBank } from './open-bank.js';
import type { TransferJob } from './transfers-worker.js';
import { finalTransferStatuses, Transfers, type TransferStatus } from './transfers/index.js';

test('one process per application: a transfer requested from the transfers worker completes through the bank worker', async (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'annals-processes-test-'));
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

  const bankWorker = await forkJobWorker<MonthlyFeeJob, MonthlyFeeResult>(
    new URL('bank-worker.js', import.meta.url),
    { env },
  );
  t.teardown(() => bankWorker.stop());
  const transfersWorker = await forkJobWorker<TransferJob, string>(
    new URL('transfers-worker.js', import.meta.url),
    { env },
  );
  t.teardown(() => transfersWorker.stop());
  const transferId = await transfersWorker.run({ from: alice.id, to: bob.id, amount: 300 });

  // Each process hears of the other's commits by polling its storage (SQLite tells no other process).
  const transfers = new Transfers(bankingOptions({ env })(Transfers));
  t.teardown(() => transfers.close());
  const settled = await finalStatus(transfers, transferId);
  t.is(settled, 'completed');
  t.is((await bankWorker.stop()).code, 0);
  t.is((await transfersWorker.stop()).code, 0);

  const bank = await openBank(env);
  t.teardown(() => bank.close());
  t.is((await bank.account(alice.id)).balance, 700);
  t.is((await bank.account(bob.id)).balance, 300);
});

/** Reads the transfer until it reaches a final status, for at most 15 s. */
async function finalStatus(transfers: Transfers, transferId: string): Promise<TransferStatus> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { status } = await transfers.transfer(transferId);
    if (finalTransferStatuses.includes(status)) return status;
    if (Date.now() > deadline) throw new Error(`transfer ${transferId} is still ${status} after 15 s`);
    await sleep(50);
  }
}
