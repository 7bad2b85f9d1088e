import { hasMigrations, type Environment } from '@annals/core';
import { bankingOptions } from './banking/banking-options.js';
import { Bank } from './domain/index.js';

/**
 * The bank application alone, for processes that do not run the bank system (the CLI, the activity
 * worker, statement threads): configured from the environment as `bankingOptions` says, `BANK_PERSISTENCE`
 * being `sqlite` (the default, in `BANK_SQLITE_PATH`), `postgres` (`BANK_POSTGRES_URL`), `cassandra`
 * (`BANK_CASSANDRA_CONTACT_POINTS`, `BANK_CASSANDRA_KEYSPACE`, …) or `memory`.
 */
export async function openBank(env: Environment = process.env): Promise<Bank> {
  const bank = new Bank(bankingOptions({ env })(Bank));
  if (hasMigrations(bank.strategy)) await bank.strategy.migrate();
  return bank;
}
