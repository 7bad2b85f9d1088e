import { isDeepStrictEqual } from 'node:util';
import type { TestFn } from 'ava';
import type { RebuildProgress } from '@annals/core';
import { startHttp, useApplication, type FixtureStorage } from '@annals/testing';
import type { Banking } from '../banking/banking.js';
import { moneyMoved, type Bank } from '../domain/index.js';
import { bankingOn } from '../fixtures/banking-on.js';
import { bankApi } from '../http/bank-api.js';
import type { Balance } from './balance-table.js';
import type { BalanceList } from './balances.js';

/** Deposits, a closed account and three transfers: one completed, one compensated, one rejected. */
async function bankingDay(banking: Banking): Promise<void> {
  const { bank, transfers } = banking;
  const alice = await bank.openAccount('Alice', 1_000);
  const bob = await bank.openAccount('Bob');
  const carol = await bank.openAccount('Carol');
  await bank.deposit(alice.id, 5_000);
  await bank.closeAccount(carol.id, 'moved away');
  await transfers.request(alice.id, bob.id, 2_000);
  await transfers.request(alice.id, carol.id, 1_000);
  await transfers.request(bob.id, alice.id, 9_999);
  await banking.settle();
  await banking.balances.runner.waitFor(await bank.notificationLog.maxPosition());
}

/** Each account's balance as the fold of the bank's events, read from its notification log. */
async function foldOfEvents(bank: Bank): Promise<Balance[]> {
  const folded = new Map<string, Balance>();
  for (const notification of await bank.notificationLog.select(1, 10_000)) {
    const event = bank.notificationLog.decode(notification);
    const { owner } = event.payload as { owner?: string };
    const before = folded.get(event.originatorId);
    folded.set(event.originatorId, {
      accountId: event.originatorId,
      owner: before?.owner ?? owner ?? '',
      balance: (before?.balance ?? 0) + (moneyMoved(event.topic, event.payload) ?? 0),
      version: event.originatorVersion,
    });
  }
  return byAccount([...folded.values()]);
}

const byAccount = (balances: readonly Balance[]): Balance[] =>
  [...balances].sort((a, b) => a.accountId.localeCompare(b.accountId));

/** The balances read model on one kind of storage, following the bank as the transfers move money. */
export function balancesCases(test: TestFn, storage: FixtureStorage): void {
  // Small batches, so a rebuild takes several.
  const banking = useApplication(test, (context) => bankingOn(context, { balancesBatchSize: 4 }), {
    storage,
  });

  test(`${storage}: the balances equal the fold of the account events after transfers`, async (t) => {
    await bankingDay(banking(t));
    const { balances } = await banking(t).balances.list();
    t.is(balances.length, 3);
    t.deepEqual(byAccount(balances), await foldOfEvents(banking(t).bank));
  });

  test(`${storage}: a rebuild produces the live read model in the next generation, and reads keep working as it switches`, async (t) => {
    await bankingDay(banking(t));
    const { bank, balances } = banking(t);
    const live = await balances.list();
    t.is(live.generation, 1);

    const reads: BalanceList[] = [];
    let rebuilt = false;
    const reading = (async () => {
      while (!rebuilt || reads.at(-1)?.generation !== 2) reads.push(await balances.list());
    })();
    const progress: RebuildProgress[] = [];
    const generation = await balances.runner.rebuild({ onProgress: (step) => progress.push(step) });
    rebuilt = true;
    await reading;

    t.is(generation, 2);
    t.is(await balances.runner.generation(), 2);
    t.deepEqual((await balances.list()).balances, live.balances);
    const head = await bank.notificationLog.maxPosition();
    t.true(progress.length > 1, 'the rebuild went in several batches');
    t.deepEqual(progress.at(-1), { generation: 2, position: head, head });
    t.deepEqual(
      [...new Set(reads.map((read) => read.generation))],
      [1, 2],
      'reads were served by generation 1, then by generation 2',
    );
    t.true(reads.every((read) => isDeepStrictEqual(read.balances, live.balances)));

    const alice = await bank.account(live.balances[0]?.accountId ?? '');
    alice.deposit(1);
    const recordings = await bank.save(alice);
    const after = await balances.list({ position: recordings.at(-1)?.position });
    t.is(after.generation, 2);
    t.is(after.balances[0]?.balance, alice.balance, 'the live runner follows generation 2');
  });

  test(`${storage}: a read-your-writes request sees its own deposit`, async (t) => {
    const http = await startHttp(t, bankApi({ banking: () => banking(t) }));
    const opened = (await http.post('/accounts', { owner: 'Dora' })).body as { id: string; position: number };
    t.like(await dora(http, opened.position), { balance: 0, version: 1 });

    const { runner } = banking(t).balances;
    await runner.pause();
    const deposit = await http.post(`/accounts/${opened.id}/deposits`, { amount: 250 });
    const { position } = deposit.body as { position: number };
    t.like(await dora(http), { balance: 0 }, 'a plain read while the projection is paused is behind');
    const reading = dora(http, position);
    await runner.resume();
    t.like(await reading, { balance: 250, version: 2 });
  });
}

async function dora(
  http: Awaited<ReturnType<typeof startHttp>>,
  position?: number,
): Promise<Balance | undefined> {
  const answer = await http.get(position === undefined ? '/balances' : `/balances?position=${position}`);
  return (answer.body as BalanceList).balances.find((balance) => balance.owner === 'Dora');
}
