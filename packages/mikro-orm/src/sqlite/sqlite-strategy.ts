import { MikroORM, SqliteDriver } from '@mikro-orm/sql';
import { MikroOrmStrategy } from '../mikro-orm-strategy.js';
import { WaitingSqliteDialect } from './waiting-sqlite-dialect.js';

/** Options of {@link sqliteStrategy}. */
export interface SqliteStrategyOptions {
  /** The database file; `:memory:` keeps it in memory. */
  readonly path: string;
  /** @default 'annals_' */
  readonly tablePrefix?: string | undefined;
  /** Create or update the tables before the first operation. @default true */
  readonly migrate?: boolean | undefined;
  /** How long a writer waits for another process's lock before failing, in ms. @default 5000 */
  readonly busyTimeout?: number | undefined;
  /** As `MikroOrmStrategyOptions.leaseTtl`, ms. @default 5000 */
  readonly leaseTtl?: number | undefined;
}

/**
 * An embedded SQLite event store in one file, through `node:sqlite` (no native addon to compile). Annals
 * owns the ORM it creates and closes it with the strategy.
 */
export function sqliteStrategy(options: SqliteStrategyOptions): MikroOrmStrategy {
  const orm = new MikroORM({
    driver: SqliteDriver,
    dbName: options.path,
    driverOptions: new WaitingSqliteDialect(options.path, Math.trunc(options.busyTimeout ?? 5000)),
    discovery: { warnWhenNoEntities: false },
  });
  return new MikroOrmStrategy({
    orm,
    ownsOrm: true,
    migrate: options.migrate ?? true,
    tablePrefix: options.tablePrefix,
    leaseTtl: options.leaseTtl,
  });
}
