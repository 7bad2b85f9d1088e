import type { TestFn } from 'ava';
import { useApplication, type FixtureStorage } from '@annals/testing';
import { bankingOn } from '../fixtures/banking-on.js';
import type { Transfers } from './transfers.js';

async function historyOf(transfers: Transfers, transferId: string): Promise<string[]> {
  const topics: string[] = [];
  for await (const event of transfers.eventStore.stream(transferId)) topics.push(event.topic);
  return topics;
}

/** The money transfer process on one kind of storage: the bank and the transfers following each other. */
export function transferCases(test: TestFn, storage: FixtureStorage): void {
  const banking = useApplication(test, (context) => bankingOn(context), { storage });

  test(`${storage}: a transfer completes: the money leaves one account and reaches the other`, async (t) => {
    const { bank, transfers } = banking(t);
    const alice = await bank.openAccount('Alice', 1_000);
    const bob = await bank.openAccount('Bob');
    const { id } = await transfers.request(alice.id, bob.id, 700);
    await banking(t).settle();
    t.is((await transfers.transfer(id)).status, 'completed');
    t.deepEqual(await historyOf(transfers, id), [
      'Transfer.Requested',
      'Transfer.Debited',
      'Transfer.Completed',
    ]);
    t.is((await bank.account(alice.id)).balance, -700);
    t.is((await bank.account(bob.id)).balance, 700);
  });

  test(`${storage}: a transfer to a closed account is compensated, and the money is back`, async (t) => {
    const { bank, transfers } = banking(t);
    const alice = await bank.openAccount('Alice');
    await bank.deposit(alice.id, 500);
    const carol = await bank.openAccount('Carol');
    await bank.closeAccount(carol.id, 'moved away');
    const { id } = await transfers.request(alice.id, carol.id, 300);
    await banking(t).settle();
    const transfer = await transfers.transfer(id);
    t.is(transfer.status, 'compensated');
    t.is(transfer.reason, `account ${carol.id} is closed`);
    t.deepEqual(await historyOf(transfers, id), [
      'Transfer.Requested',
      'Transfer.Debited',
      'Transfer.CompensationRequested',
      'Transfer.Compensated',
    ]);
    const account = await bank.account(alice.id);
    t.is(account.balance, 500, 'the 300 sent came back');
    t.is(account.version, 4, 'opened, deposited, sent, returned');
    t.is((await bank.account(carol.id)).balance, 0);
  });

  test(`${storage}: a transfer the source cannot pay is rejected, and no money moves`, async (t) => {
    const { bank, transfers } = banking(t);
    const alice = await bank.openAccount('Alice');
    const bob = await bank.openAccount('Bob');
    const { id } = await transfers.request(alice.id, bob.id, 1);
    await banking(t).settle();
    const transfer = await transfers.transfer(id);
    t.is(transfer.status, 'rejected');
    t.regex(transfer.reason ?? '', /cannot pay 1/);
    t.is((await bank.account(alice.id)).balance, 0);
    t.is((await bank.account(bob.id)).version, 1);
  });
}
