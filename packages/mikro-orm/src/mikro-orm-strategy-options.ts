import type { MikroORM } from '@mikro-orm/core';

/** Options of the {@link MikroOrmStrategy}. */
export interface MikroOrmStrategyOptions {
  /**
   * The ORM to store through. Pass your application's own to have `app.save()` join its transactions
   * (`em.transactional()`, or a request context with `em.begin()`).
   */
  readonly orm: MikroORM;
  /** Prefix of the table names, so several applications can share a database. @default 'annals_' */
  readonly tablePrefix?: string | undefined;
  /** Apply the shipped migrations before the first operation. @default false */
  readonly migrate?: boolean | undefined;
  /** Close the ORM (and `relayOrm`) when the strategy closes; for ORMs Annals created. @default false */
  readonly ownsOrm?: boolean | undefined;
  /**
   * A second ORM on the same PostgreSQL database, with a small pool, that only outbox relays use: their
   * claims then never wait for a connection behind the application's own writes, which keeps the delay from
   * commit to broker short under load. @default the claims share `orm`'s pool
   */
  readonly relayOrm?: MikroORM | undefined;
  /**
   * PostgreSQL: run statements outside a transaction as named prepared statements, planned once per
   * connection. Turn off behind a connection pooler that does not keep them, such as PgBouncer before 1.21 in
   * transaction mode. They stay off when the ORM's `driverOptions` bring a Kysely instance or dialect, whose
   * pool the strategy cannot reach. @default true
   */
  readonly preparedStatements?: boolean | undefined;
  /** How many events a streamed read fetches per query. @default 1000 */
  readonly pageSize?: number | undefined;
  /**
   * How long a log reader waits for writers still holding positions (PostgreSQL) before it settles for the
   * last position it knows to be complete, ms. @default 5000
   */
  readonly readBarrierTimeout?: number | undefined;
  /**
   * PostgreSQL: how long claims leave alone an outbox row handed to a dispatch on commit (see
   * `watchOutbox`) before they take it, ms: how late a crashed dispatcher's rows go out. Longer than the
   * broker takes to confirm, or a slow dispatcher's rows are sent twice. @default 10000
   */
  readonly outboxDispatchGrace?: number | undefined;
  /**
   * PostgreSQL: how often each lease's connection is checked, ms. A connection that does not answer by the
   * next check counts as dead and the lease as lost: its holder stops within about twice this. @default 2000
   */
  readonly leaseCheckInterval?: number | undefined;
  /**
   * SQLite: how long a lease lasts unless its holder renews it, ms; holders renew every third of it. A
   * holder that dies is replaced within this. @default 5000
   */
  readonly leaseTtl?: number | undefined;
  /**
   * PostgreSQL: after appends commit, notify other processes' log watchers (`watchLog`), so that their
   * projection and process runners wake at once instead of at their next poll. One NOTIFY is in flight at a
   * time, sent on the pool outside the appends' transactions, telling every commit made meanwhile.
   * @default true
   */
  readonly notifyCommits?: boolean | undefined;
}
