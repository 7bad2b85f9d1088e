import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import type { SqlContender } from '../sql-contender.js';
import type { AppendShape } from '../sql-task.js';
import { runWriters } from '../writers.js';
import { BankAccount } from './bank-account.js';
import { Bank } from './bank.js';
import { MoneyDeposited } from './money-deposited.js';

/** Annals on PostgreSQL, through its public API: `save`, `get` and the notification log. */
export class AnnalsContender implements SqlContender {
  private constructor(readonly bank: Bank) {}

  static async open(url: string): Promise<AnnalsContender> {
    const bank = new Bank({ strategy: postgresqlStrategy({ url }), env: {} });
    await bank.notificationLog.maxPosition();
    return new AnnalsContender(bank);
  }

  append(shape: AppendShape): Promise<string[]> {
    return runWriters(
      shape,
      () => new BankAccount(),
      async (account, _firstVersion, events) => {
        for (let event = 0; event < events; event++) account.deposit();
        await this.bank.save(account);
      },
    );
  }

  async load(aggregateId: string, events: number): Promise<void> {
    const account = await this.bank.get(BankAccount, aggregateId);
    if (account.version !== events) throw new Error(`annals loaded ${account.version} of ${events} events`);
  }

  async scan(events: number, pageSize: number): Promise<void> {
    const log = this.bank.notificationLog;
    let read = 0;
    let balance = 0;
    for await (const notification of log.iterate({ pageSize })) {
      const event = log.decode(notification);
      if (event instanceof MoneyDeposited) balance += event.payload.amount;
      if (++read === events) return;
    }
    throw new Error(`annals scanned ${read} of ${events} events (balance ${balance})`);
  }

  close(): Promise<void> {
    return this.bank.close();
  }
}
