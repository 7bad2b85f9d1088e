import { MikroORM } from '@mikro-orm/postgresql';
import { MikroOrmStrategy } from '../mikro-orm-strategy.js';

/** Options of {@link postgresqlStrategy}. */
export interface PostgresqlStrategyOptions {
  /** A connection URL, e.g. `postgresql://postgres@127.0.0.1:5432/bank`. */
  readonly url: string;
  /** @default 'annals_' */
  readonly tablePrefix?: string;
  /** Create or update the tables before the first operation. @default true */
  readonly migrate?: boolean;
  /** The most connections the pool opens. @default 10 */
  readonly poolSize?: number;
}

/** A PostgreSQL event store with a pool of its own. Annals owns the ORM it creates and closes it. */
export function postgresqlStrategy(options: PostgresqlStrategyOptions): MikroOrmStrategy {
  const orm = new MikroORM({
    clientUrl: options.url,
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: options.poolSize ?? 10 },
  });
  return new MikroOrmStrategy({
    orm,
    ownsOrm: true,
    migrate: options.migrate ?? true,
    ...(options.tablePrefix === undefined ? {} : { tablePrefix: options.tablePrefix }),
  });
}
