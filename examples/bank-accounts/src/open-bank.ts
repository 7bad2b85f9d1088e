import { hasMigrations, type Environment } from '@annals/core';
import { cassandraPersistence } from '@annals/cassandra';
import { postgresqlPersistence } from '@annals/mikro-orm/postgresql';
import { sqlitePersistence } from '@annals/mikro-orm/sqlite';
import { bankOrm } from './bank-orm.js';
import { Bank } from './domain/index.js';
import { Balances } from './read-model/balances.js';

/**
 * The bank as this service runs it. Storage comes from the environment: `BANK_PERSISTENCE` is `sqlite` (the
 * default, in `BANK_SQLITE_PATH`), `postgres` (`BANK_POSTGRES_URL`), `cassandra`
 * (`BANK_CASSANDRA_CONTACT_POINTS`, `BANK_CASSANDRA_KEYSPACE`, …) or `memory`. With SQL storage the
 * balances read model is kept in the same transaction as the events.
 */
export async function openBank(env: Environment = process.env): Promise<Bank> {
  const bank = new Bank({
    name: 'bank',
    env: { ANNALS_PERSISTENCE: 'sqlite', ...env },
    strategies: {
      sqlite: sqlitePersistence,
      postgres: postgresqlPersistence,
      cassandra: cassandraPersistence,
    },
  });
  const orm = bankOrm(bank);
  if (orm) {
    const balances = new Balances(orm);
    await balances.migrate();
    bank.useReadModel(balances);
  } else if (hasMigrations(bank.strategy)) {
    await bank.strategy.migrate();
  }
  return bank;
}
