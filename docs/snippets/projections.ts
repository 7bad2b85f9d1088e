import {
  ApplicationLog,
  InMemoryStrategy,
  Policy,
  ProcessApplication,
  Projection,
  ProjectionRunner,
  SingleProcessRunner,
  System,
  type Recording,
} from '@annals/core';
import { transactionEntityManager } from '@annals/mikro-orm';
import { sqliteStrategy } from '@annals/mikro-orm/sqlite';
import type { EntityManager } from '@mikro-orm/sql';
import { Bank, BankAccount, Deposited, Opened } from './bank.js';

// #region projection
const balances = new Projection<EntityManager>('balances')
  .setUp(async (em, generation) => {
    await em.execute(
      `CREATE TABLE IF NOT EXISTS balances_${generation} (id varchar(36) PRIMARY KEY, owner text, amount bigint)`,
    );
  })
  .tearDown(async (em, generation) => {
    await em.execute(`DROP TABLE IF EXISTS balances_${generation}`);
  })
  .on(Opened, async (event, em, { generation }) => {
    await em.execute(`INSERT INTO balances_${generation} (id, owner, amount) VALUES (?, ?, 0)`, [
      event.originatorId,
      event.payload.owner, // typed: Opened's payload has an owner
    ]);
  })
  .on(Deposited, async (event, em, { generation }) => {
    await em.execute(`UPDATE balances_${generation} SET amount = amount + ? WHERE id = ?`, [
      event.payload.amount,
      event.originatorId,
    ]);
  });
// #endregion projection

// #region runner
const strategy = sqliteStrategy({ path: 'data/bank.sqlite' });
const bank = new Bank({ strategy });
const runner = new ProjectionRunner({
  projection: balances,
  source: new ApplicationLog(bank), // the upstream log: here the bank's own
  store: strategy, // checkpoints and the batch transaction: the read model's database
  context: () => transactionEntityManager<EntityManager>(strategy), // what the handlers write through
});
await runner.start(); // catches up in batches, then wakes on every commit
// #endregion runner

// #region read-your-writes
const account = BankAccount.open('Ada');
account.deposit(100);
const recordings: Recording[] = await bank.save(account);
await runner.waitFor(recordings.at(-1)?.position, { timeout: 2000 }); // throws TimeoutError after 2 s
const generation = await runner.generation(); // the generation queries read
const [row] = await (strategy.orm.em.fork() as EntityManager).execute(
  `SELECT amount FROM balances_${generation} WHERE id = ?`,
  [account.id],
);
// #endregion read-your-writes
void row;

// #region rebuild
await runner.rebuild({
  onProgress: ({ position, head }) => console.log(`generation being rebuilt: ${position}/${head}`),
}); // balances_1 serves until balances_2 has caught up; then queries switch, and balances_1 is dropped
// #endregion rebuild

// #region status
const status = await runner.status();
console.log(`${status.name}: ${status.lagEvents} events and ${status.lagSeconds} s behind`);
await runner.pause(); // every process stops processing it, until resume()
await runner.resume();
// #endregion status
await runner.stop();
await bank.close();

// #region process-application
class Rewards extends ProcessApplication {
  static override readonly aggregates = [BankAccount];
  static override readonly policy = new Policy<Rewards>().on(
    Deposited,
    async (rewards, event, processing) => {
      if (event.payload.amount < 1000) return;
      const bonus = BankAccount.open(`bonus for ${event.originatorId}`);
      bonus.deposit(event.payload.amount / 100);
      processing.collect(bonus); // recorded with the tracking record of this deposit, in one append
      processing.enqueue({ exchange: 'rewards', routingKey: 'bonus.granted', json: { account: bonus.id } });
    },
  );
}
// #endregion process-application

// #region system
const system = new System([[Bank, Rewards]]); // Rewards follows Bank
await using everything = new SingleProcessRunner(system, {
  options: () => ({ strategy: new InMemoryStrategy() }), // each application its own storage
});
await everything.start();
const big = BankAccount.open('Grace');
big.deposit(5000);
await everything.get(Bank).save(big);
await everything.settle(); // waits until every follower has caught up
// #endregion system
