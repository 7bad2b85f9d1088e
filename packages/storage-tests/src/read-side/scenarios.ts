import type { ExecutionContext } from 'ava';
import { ApplicationLog, ProjectionRunner } from '@annals/core';
import { transactionEntityManager, type MikroOrmStrategy } from '@annals/mikro-orm';
import type { EntityManager } from '@mikro-orm/sql';
import { Child } from './child.js';
import {
  accountTotals,
  Deposited,
  Issued,
  Ledger,
  LedgerAccount,
  Opened,
  Receipts,
  totalsTable,
} from './ledger.js';
import { openStrategy, type Storage } from './storage.js';

interface TotalsRow {
  account_id: string;
  balance: number | string;
  applied: number | string;
}

/** The fold of every committed event, per account: what the read model must equal. */
async function foldOfTheLog(ledger: Ledger): Promise<Map<string, { balance: number; applied: number }>> {
  const expected = new Map<string, { balance: number; applied: number }>();
  for await (const notification of ledger.notificationLog.iterate()) {
    const event = ledger.notificationLog.decode(notification);
    const row = expected.get(event.originatorId) ?? { balance: 0, applied: 0 };
    if (event instanceof Deposited) row.balance += event.payload.amount;
    if (event instanceof Opened || event instanceof Deposited) row.applied += 1;
    expected.set(event.originatorId, row);
  }
  return sorted(expected);
}

/** The rows by account id in id order, so that two read models compare row by row. */
function sorted<V>(rows: Map<string, V>): Map<string, V> {
  return new Map([...rows].sort(([a], [b]) => a.localeCompare(b)));
}

async function totals(
  strategy: MikroOrmStrategy,
  generation: number,
): Promise<Map<string, { balance: number; applied: number }>> {
  const em = strategy.orm.em.fork() as EntityManager;
  const rows = await em.execute<TotalsRow[]>(`SELECT * FROM ${totalsTable(generation)}`);
  return sorted(
    new Map(
      rows.map((row) => [row.account_id, { balance: Number(row.balance), applied: Number(row.applied) }]),
    ),
  );
}

function runnerIn(strategy: MikroOrmStrategy, ledger: Ledger): ProjectionRunner<EntityManager> {
  return new ProjectionRunner({
    projection: accountTotals(),
    source: new ApplicationLog(ledger),
    store: strategy,
    context: () => transactionEntityManager<EntityManager>(strategy),
    batchSize: 200,
  });
}

/**
 * Eight writer processes append while two processes compete for the projection; the one holding the lease
 * is SIGKILLed in the middle of a batch. The other takes over, and the read model equals the fold of every
 * committed event: none applied twice, none skipped. A rebuild then produces the same read model.
 */
export async function killedProjectorScenario(t: ExecutionContext, storage: Storage): Promise<void> {
  const strategy = openStrategy(storage);
  await strategy.migrate();
  const ledger = new Ledger({ strategy });
  t.teardown(() => ledger.close());
  const json = JSON.stringify(storage);
  await ledger.save(LedgerAccount.open('before the processes'));

  const first = new Child('projector-process.js', [json, '5']);
  t.teardown(() => first.kill('SIGKILL'));
  await first.line((line) => line['handling'] === 1);
  const second = new Child('projector-process.js', [json, '0']);
  t.teardown(() => second.stop());
  await second.line((line) => 'started' in line);

  const writers = Array.from({ length: 8 }, () => new Child('writer-process.js', [json, '60']));
  await first.line((line) => typeof line['handling'] === 'number' && line['handling'] > 100);
  first.kill('SIGKILL');
  await first.exited;
  t.true(
    second.lines.every((line) => !('handling' in line)),
    'the second process waited for the lease while the first held it',
  );
  for (const writer of writers) t.is(await writer.exited, 0, writer.stderr);

  const head = await ledger.notificationLog.maxPosition();
  const runner = runnerIn(strategy, ledger);
  await runner.waitFor(head, { timeout: 60_000 });
  const expected = await foldOfTheLog(ledger);
  t.is(expected.size, 41);
  t.deepEqual(
    await totals(strategy, 1),
    expected,
    'every committed event changed the read model exactly once',
  );
  t.true(
    second.lines.some((line) => 'handling' in line),
    'the second process took over',
  );

  await second.stop();
  const generation = await runner.rebuild();
  t.is(generation, 2);
  t.deepEqual(await totals(strategy, 2), expected, 'the rebuild produced the same read model');
}

/**
 * A process application is SIGKILLed after its policy loaded and decided but before it recorded; a new
 * process resumes from the tracking record, and every deposit gets exactly one receipt.
 */
export async function killedProcessScenario(t: ExecutionContext, storage: Storage): Promise<void> {
  const strategy = openStrategy(storage);
  await strategy.migrate();
  await openStrategy(storage, 'receipts_')
    .migrate()
    .then(() => undefined);
  const ledger = new Ledger({ strategy });
  t.teardown(() => ledger.close());
  const accounts = Array.from({ length: 3 }, (_, index) => LedgerAccount.open(`owner ${index}`));
  for (const account of accounts) account.deposit(5);
  await ledger.save(...accounts);
  const json = JSON.stringify(storage);

  // Deposits are at positions 2, 4 and 6: the process records the first, then stalls before recording the second.
  const stalled = new Child('receipts-process.js', [json, '4']);
  t.teardown(() => stalled.kill('SIGKILL'));
  await stalled.line((line) => line['loaded'] === 4);
  stalled.kill('SIGKILL');
  await stalled.exited;

  for (const account of accounts) account.deposit(7);
  await ledger.save(...accounts);
  const resumed = new Child('receipts-process.js', [json, '0']);
  t.teardown(() => resumed.stop());

  const receipts = new Receipts({ strategy: openStrategy(storage, 'receipts_') });
  t.teardown(() => receipts.close());
  const deposits: number[] = [];
  for await (const notification of ledger.notificationLog.iterate()) {
    if (ledger.notificationLog.decode(notification) instanceof Deposited)
      deposits.push(notification.position);
  }
  const issued = async (): Promise<number[]> => {
    const positions: number[] = [];
    for await (const notification of receipts.notificationLog.iterate()) {
      const event = receipts.notificationLog.decode(notification);
      if (event instanceof Issued) positions.push(event.payload.position);
    }
    return positions;
  };
  await waitUntil(async () => (await issued()).length >= deposits.length, 30_000);
  t.deepEqual(
    (await issued()).sort((a, b) => a - b),
    deposits,
    'one receipt per deposit, none twice',
  );
}

async function waitUntil(condition: () => Promise<boolean>, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  let interval = 10;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`the condition did not hold within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, interval));
    interval = Math.min(interval * 2, 200);
  }
}
