import type { ApplicationClass, ApplicationOptions, Environment, Logger } from '@annals/core';
import { cassandraPersistence } from '@annals/cassandra';
import { postgresqlPersistence } from '@annals/mikro-orm/postgresql';
import { sqlitePersistence } from '@annals/mikro-orm/sqlite';

/** Options of {@link bankingOptions}. */
export interface BankingOptionsInit {
  /** Where the settings come from. @default process.env */
  readonly env?: Environment | undefined;
  /** The applications' logger, which their followers log to. @default silent */
  readonly logger?: Logger | undefined;
}

/**
 * How each application of the bank system is configured, from the environment: the bank by `BANK_…`
 * variables, the transfers by `TRANSFERS_…`, each falling back to `ANNALS_…`. `PERSISTENCE` is `sqlite`
 * unless set (with `SQLITE_PATH`), or `postgres` (`POSTGRES_URL`), `cassandra` or `memory`. Each
 * application keeps its own events and notification log: give each its own SQLite file; on PostgreSQL the
 * transfers' tables are prefixed `transfers_` (unless `TRANSFERS_TABLE_PREFIX` says otherwise), so the two
 * may share a database.
 */
export function bankingOptions(
  init: BankingOptionsInit = {},
): (application: ApplicationClass) => ApplicationOptions {
  const env = {
    ANNALS_PERSISTENCE: 'sqlite',
    TRANSFERS_TABLE_PREFIX: 'transfers_',
    ...(init.env ?? process.env),
  };
  return () => ({
    env,
    strategies: {
      sqlite: sqlitePersistence,
      postgres: postgresqlPersistence,
      cassandra: cassandraPersistence,
    },
    ...(init.logger ? { logger: init.logger } : {}),
  });
}
