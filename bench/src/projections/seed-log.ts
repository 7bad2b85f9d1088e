import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { BankAccount } from '../sql/annals/bank-account.js';
import { Bank } from '../sql/annals/bank.js';
import { entityManagerOf } from './annals/entity-manager-of.js';

/** Accounts per save while seeding: one append of this many events. */
const ACCOUNTS_PER_SAVE = 500;

/**
 * Seeds the log of a fresh database through Annals, as an application writes it: `accounts` accounts take
 * `deposits` deposits each, interleaved (every account's first deposit, then every second one, …), so that
 * each page of the log touches as many rows of the read model as it holds events.
 */
export async function seedLog(url: string, accounts: number, deposits: number): Promise<void> {
  const strategy = postgresqlStrategy({ url });
  const bank = new Bank({ strategy, env: {} });
  try {
    const all = Array.from({ length: accounts }, () => new BankAccount());
    for (let deposit = 0; deposit < deposits; deposit++) {
      for (let first = 0; first < accounts; first += ACCOUNTS_PER_SAVE) {
        const some = all.slice(first, first + ACCOUNTS_PER_SAVE);
        for (const account of some) account.deposit();
        await bank.save(...some);
      }
    }
    await entityManagerOf(strategy).execute('VACUUM ANALYZE annals_events');
  } finally {
    await bank.close();
  }
}
