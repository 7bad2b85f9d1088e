import type { ConnectionOptions } from 'node:tls';
import { MikroORM } from '@mikro-orm/postgresql';
import { MikroOrmStrategy } from '../mikro-orm-strategy.js';
import { postgresqlTls } from './postgresql-tls.js';

/** Options of {@link postgresqlStrategy}. */
export interface PostgresqlStrategyOptions {
  /**
   * A connection URL, e.g. `postgresql://postgres@127.0.0.1:5432/bank`. Its libpq TLS parameters are
   * honoured: `?sslmode=verify-full&sslrootcert=/etc/ssl/db-ca.pem` encrypts the connection and accepts
   * only a server whose certificate that CA signed for the URL's host.
   */
  readonly url: string;
  /**
   * TLS options of Node's `tls.connect` (e.g. `{ ca: readFileSync('db-ca.pem') }`), instead of the URL's
   * TLS parameters. Certificates are verified as with `sslmode=verify-full` unless these options say
   * otherwise. @default the URL's TLS parameters
   */
  readonly tls?: ConnectionOptions | undefined;
  /** @default 'annals_' */
  readonly tablePrefix?: string | undefined;
  /** Create or update the tables before the first operation. @default true */
  readonly migrate?: boolean | undefined;
  /** The most connections the pool opens. @default 10 */
  readonly poolSize?: number | undefined;
  /** The most connections outbox relays open, in a pool of their own. @default 2 */
  readonly relayPoolSize?: number | undefined;
  /** Named prepared statements, as `MikroOrmStrategyOptions.preparedStatements`. @default true */
  readonly preparedStatements?: boolean | undefined;
  /** As `MikroOrmStrategyOptions.outboxDispatchGrace`, ms. @default 10000 */
  readonly outboxDispatchGrace?: number | undefined;
  /** As `MikroOrmStrategyOptions.leaseCheckInterval`, ms. @default 2000 */
  readonly leaseCheckInterval?: number | undefined;
  /** As `MikroOrmStrategyOptions.notifyCommits`. @default true */
  readonly notifyCommits?: boolean | undefined;
}

/**
 * A PostgreSQL event store with a pool of its own, and a small second pool for outbox relays. Annals owns the
 * ORMs it creates and closes them.
 */
export function postgresqlStrategy(options: PostgresqlStrategyOptions): MikroOrmStrategy {
  const ssl = postgresqlTls(options.url, options.tls);
  const open = (max: number): MikroORM =>
    new MikroORM({
      clientUrl: options.url,
      discovery: { warnWhenNoEntities: false },
      // A mistyped database name must fail, not start a new, empty event store.
      ensureDatabase: false,
      pool: { min: 0, max },
      driverOptions: ssl === undefined ? {} : { ssl },
    });
  return new MikroOrmStrategy({
    orm: open(options.poolSize ?? 10),
    relayOrm: open(options.relayPoolSize ?? 2),
    ownsOrm: true,
    migrate: options.migrate ?? true,
    tablePrefix: options.tablePrefix,
    preparedStatements: options.preparedStatements,
    outboxDispatchGrace: options.outboxDispatchGrace,
    leaseCheckInterval: options.leaseCheckInterval,
    notifyCommits: options.notifyCommits,
  });
}
