import {
  AfterCommit,
  allCapabilities,
  assertPosition,
  assertText,
  assertUuid,
  validateAppend,
  validateRange,
  type ActiveRecordStrategy,
  type AppendOptions,
  type Capability,
  type Checkpoint,
  type CheckpointKey,
  type ClaimOutboxOptions,
  type CommitListener,
  type EventRange,
  type Lease,
  type LeaseStore,
  type LogWatch,
  type MigratableStore,
  type Notification,
  type NotificationLogStore,
  type NotificationQuery,
  type OutboxBacklog,
  type OutboxClaim,
  type OutboxCommit,
  type OutboxDispatch,
  type OutboxSender,
  type OutboxStore,
  type OutboxWatcher,
  type ProjectionChange,
  type ProjectionRecord,
  type ProjectionStore,
  type ReadEvent,
  type ReadSnapshot,
  type SnapshotStore,
  type StoredEvent,
  type StoredSnapshot,
  type Tracking,
  type TrackingStore,
  type TransactionalStore,
} from '@annals/core/storage';
import { NotSupportedError } from '@annals/core';
import type { MikroORM } from '@mikro-orm/core';
import type { Dialect } from './dialect/dialect.js';
import { PostgresqlDialect } from './dialect/postgresql-dialect.js';
import { SqliteDialect } from './dialect/sqlite-dialect.js';
import { tablesFor } from './dialect/tables.js';
import { DedicatedConnections } from './internal/dedicated-connections.js';
import { describeEndpoint } from './internal/endpoint.js';
import { readEventPages } from './internal/event-pages.js';
import { toReadEvent } from './internal/rows.js';
import { SqlClient } from './internal/sql-client.js';
import { leaseStoreFor } from './leases/lease-store-for.js';
import type { PostgresqlLeases } from './leases/postgresql-leases.js';
import type { SqliteLeases } from './leases/sqlite-leases.js';
import { CommitSignals } from './log-watch/commit-signals.js';
import type { MikroOrmStrategyOptions } from './mikro-orm-strategy-options.js';
import { SqlNotificationLog } from './notification-log/sql-notification-log.js';
import { outboxCommitOf, splitAppendRows, type DispatchingAppendRow } from './outbox/dispatch-on-commit.js';
import { SqlOutbox } from './outbox/sql-outbox.js';
import { SqlProjections } from './projections/sql-projections.js';
import { SqlTracking } from './tracking/sql-tracking.js';
import { JoinedTransactions } from './transactions/joined-transactions.js';

/**
 * Stores events in PostgreSQL or SQLite through MikroORM 7, with every capability of the storage port
 * (on SQLite all but `outbox-dispatch` and `log-watch`). The hot paths bypass the unit of work and entity
 * hydration: they send SQL with real bind parameters through the ORM's Kysely connection, on the caller's
 * transaction when there is one. Commit listeners hear of an append made in a transaction of this ORM when the outermost
 * transaction commits, and never when it or the savepoint holding the append rolls back. Leases are
 * session-level advisory locks on PostgreSQL and renewed rows on SQLite; on PostgreSQL other processes' log
 * watchers are notified after appends commit. Construction opens nothing: the first operation, or the first
 * transaction begun on the ORM, connects and (with `migrate`) applies the migrations.
 *
 * @example
 * ```ts
 * const orm = await MikroORM.init({ ...config, entities: [...myEntities, ...annalsEntities()] });
 * const strategy = new MikroOrmStrategy({ orm });
 * await strategy.migrate();
 * const app = new Bank({ strategy });
 * await orm.em.transactional(async (em) => {
 *   em.persist(balanceRow);   // committed together with the events below
 *   await app.save(account);
 * });
 * ```
 */
export class MikroOrmStrategy
  implements
    ActiveRecordStrategy,
    SnapshotStore,
    NotificationLogStore,
    TrackingStore,
    OutboxStore,
    OutboxDispatch,
    TransactionalStore,
    MigratableStore,
    ProjectionStore,
    LeaseStore,
    LogWatch
{
  readonly name: 'postgresql' | 'sqlite';
  readonly capabilities: ReadonlySet<Capability>;
  /** The ORM the strategy stores through, e.g. to open transactions that saves join. */
  readonly orm: MikroORM;
  readonly #dialect: Dialect;
  readonly #sql: SqlClient;
  readonly #transactions: JoinedTransactions;
  readonly #afterCommit = new AfterCommit();
  readonly #log: SqlNotificationLog;
  readonly #tracking: SqlTracking;
  readonly #outbox: SqlOutbox;
  readonly #projections: SqlProjections;
  readonly #leases: PostgresqlLeases | SqliteLeases;
  readonly #commitSignals: CommitSignals | undefined;
  readonly #relayOrm: MikroORM | undefined;
  readonly #ownsOrm: boolean;
  readonly #pageSize: number;

  constructor(options: MikroOrmStrategyOptions) {
    this.orm = options.orm;
    const tables = tablesFor(options.tablePrefix);
    const platform = this.orm.em.getPlatform().constructor.name;
    this.#dialect = /postgre/i.test(platform) ? new PostgresqlDialect(tables) : new SqliteDialect(tables);
    this.name = this.#dialect.name;
    const { lacks } = this.#dialect;
    this.capabilities = new Set(allCapabilities.filter((capability) => !lacks.includes(capability)));
    this.#transactions = new JoinedTransactions(this.orm);
    this.#sql = new SqlClient({
      orm: this.orm,
      dialect: this.#dialect,
      transactions: this.#transactions,
      endpoint: describeEndpoint(this.orm, this.#dialect.name),
      migrate: options.migrate ?? false,
      preparedStatements: options.preparedStatements ?? true,
    });
    this.#ownsOrm = options.ownsOrm ?? false;
    this.#relayOrm = options.relayOrm;
    this.#pageSize = options.pageSize ?? 1000;
    this.#outbox = new SqlOutbox({
      sql: this.#sql,
      dialect: this.#dialect,
      relayOrm: this.#relayOrm,
      dispatchGrace: options.outboxDispatchGrace ?? 10_000,
    });
    this.#log = new SqlNotificationLog(this.#sql, this.#dialect, options.readBarrierTimeout ?? 5000);
    this.#tracking = new SqlTracking(this.#sql, this.#dialect);
    this.#projections = new SqlProjections(this.#sql, this.#dialect.projections);
    const connections = new DedicatedConnections({
      orm: this.orm,
      endpoint: describeEndpoint(this.orm, this.#dialect.name),
    });
    const { leases, commitNotifications } = this.#dialect;
    this.#leases = leaseStoreFor({
      statements: leases,
      sql: this.#sql,
      connections,
      checkInterval: options.leaseCheckInterval,
      ttl: options.leaseTtl,
    });
    this.#commitSignals =
      commitNotifications &&
      new CommitSignals({
        sql: this.#sql,
        connections,
        statements: commitNotifications,
        notify: options.notifyCommits ?? true,
      });
  }

  /** Creates or updates the tables. Safe to run from several processes at once. @returns the migrations applied */
  migrate(): Promise<string[]> {
    return this.#sql.migrate();
  }

  async append(events: readonly StoredEvent[], options: AppendOptions = {}): Promise<readonly number[]> {
    validateAppend(events, options);
    const { tracking, outbox = [], origin } = options;
    const dispatch = this.#afterCommit.dispatching && outbox.length > 0;
    const statements = this.#dialect.insertEvents(events, { tracking, outbox, dispatch });
    const transaction = this.#transactions.current();
    let positions: number[];
    let outboxCommit: OutboxCommit | undefined;
    const [only] = statements;
    if (statements.length === 1 && only) {
      const { positions: drawn, written } = splitAppendRows(
        await this.#sql.query<DispatchingAppendRow>(only),
      );
      positions = drawn;
      if (dispatch) outboxCommit = outboxCommitOf(outbox, written);
    } else {
      positions = await this.#sql.inTransaction(async (db) => {
        const drawn: number[] = [];
        for (const statement of statements) {
          const rows = await this.#sql.query<{ position: number | string }>(statement, db);
          drawn.push(...rows.map((row) => Number(row.position)));
        }
        return drawn;
      });
    }
    const commit = { events, positions, tracking, outbox, origin };
    this.#transactions.afterCommit(transaction, () => {
      if (positions.length > 0) this.#commitSignals?.committed();
      this.#afterCommit.committed(commit, outboxCommit);
    });
    return positions;
  }

  onCommit(listener: CommitListener): () => void {
    return this.#afterCommit.onCommit(listener);
  }

  async selectEvents(originatorId: string, range: EventRange = {}): Promise<ReadEvent[]> {
    assertUuid(originatorId);
    validateRange(range);
    const rows = await this.#sql.queryTuples(this.#dialect.selectEvents(originatorId, range));
    return rows.map((row) => toReadEvent(originatorId, row));
  }

  async *streamEvents(originatorId: string, range: EventRange = {}): AsyncIterable<ReadEvent> {
    for await (const page of this.streamEventPages(originatorId, range)) yield* page;
  }

  async *streamEventPages(originatorId: string, range: EventRange = {}): AsyncIterable<readonly ReadEvent[]> {
    assertUuid(originatorId);
    validateRange(range);
    yield* readEventPages((page) => this.selectEvents(originatorId, page), range, this.#pageSize);
  }

  selectNotifications(query: NotificationQuery): Promise<Notification[]> {
    return this.#log.selectNotifications(query);
  }

  maxNotificationPosition(): Promise<number> {
    return this.#log.maxNotificationPosition();
  }

  maxTrackingPosition(application: string): Promise<number> {
    return this.#tracking.maxTrackingPosition(application);
  }

  trackingPositions(): Promise<Tracking[]> {
    return this.#tracking.trackingPositions();
  }

  recordProcessedMessages(consumer: string, messageIds: readonly string[]): Promise<string[]> {
    return this.#tracking.recordProcessedMessages(consumer, messageIds);
  }

  async insertSnapshot(snapshot: StoredSnapshot): Promise<void> {
    validateAppend([snapshot]);
    await this.#sql.query(this.#dialect.insertSnapshot(snapshot));
  }

  async selectSnapshot(originatorId: string, lte?: number): Promise<ReadSnapshot | undefined> {
    assertUuid(originatorId);
    validateRange({ lte });
    const [row] = await this.#sql.queryTuples(this.#dialect.selectSnapshot(originatorId, lte));
    return row && toReadEvent(originatorId, row);
  }

  /**
   * See the port. On PostgreSQL rows are locked with `FOR UPDATE SKIP LOCKED` in a transaction of the
   * strategy's own pool, so relays in several processes share the work; on SQLite relays coordinate inside
   * this process only (run one relay process per database file).
   */
  async claimOutbox(
    limit: number,
    send: OutboxSender,
    options: ClaimOutboxOptions = {},
  ): Promise<OutboxClaim> {
    assertPosition(limit, 'limit');
    return this.#outbox.claim(limit, send, options);
  }

  outboxBacklog(): Promise<OutboxBacklog> {
    return this.#outbox.backlog();
  }

  /**
   * See the port; PostgreSQL only. Every append marks its rows in the same statement while a watcher
   * listens, and claims skip marked rows for `outboxDispatchGrace`.
   */
  watchOutbox(watcher: OutboxWatcher): () => void {
    this.#assertCapable('outbox-dispatch');
    return this.#afterCommit.watchOutbox(watcher);
  }

  /** See the port: one round trip on the relays' pool, not waiting for the disk. PostgreSQL only. */
  async settleOutbox(confirmed: readonly number[], unconfirmed: readonly number[]): Promise<void> {
    this.#assertCapable('outbox-dispatch');
    for (const sequence of [...confirmed, ...unconfirmed]) assertPosition(sequence, 'an outbox sequence');
    await this.#outbox.settle(confirmed, unconfirmed);
  }

  registerProjection(name: string): Promise<ProjectionRecord> {
    return this.#projections.registerProjection(name);
  }

  projections(): Promise<ProjectionRecord[]> {
    return this.#projections.projections();
  }

  /** See the port: in the caller's transaction of this ORM when there is one. */
  updateProjection(name: string, change: ProjectionChange): Promise<ProjectionRecord> {
    return this.#projections.updateProjection(name, change);
  }

  checkpoint(key: CheckpointKey): Promise<number> {
    return this.#projections.checkpoint(key);
  }

  checkpoints(projection: string): Promise<Checkpoint[]> {
    return this.#projections.checkpoints(projection);
  }

  /**
   * See the port: a compare-and-set in the caller's transaction of this ORM when there is one; a
   * concurrent move of the same checkpoint waits for that transaction to end, then conflicts.
   */
  moveCheckpoint(key: CheckpointKey, from: number, to: number): Promise<void> {
    return this.#projections.moveCheckpoint(key, from, to);
  }

  deleteCheckpoints(projection: string, generation: number): Promise<void> {
    return this.#projections.deleteCheckpoints(projection, generation);
  }

  /**
   * See the port. On PostgreSQL a session-level advisory lock, held by a connection of its own (with the
   * settings of the ORM's pool) and checked every `leaseCheckInterval`; on SQLite a row renewed every third
   * of `leaseTtl`.
   */
  async tryLease(name: string): Promise<Lease | undefined> {
    this.#sql.assertOpen();
    assertText(name, 'lease name');
    return this.#leases.tryLease(name);
  }

  /**
   * See the port; PostgreSQL only. After appends commit, strategies notify a channel named after the events
   * table (unless `notifyCommits` is off); watchers share one LISTEN connection of their own, opened again
   * with backoff when it drops.
   */
  async watchLog(listener: () => void): Promise<() => Promise<void>> {
    if (!this.#commitSignals) throw new NotSupportedError(`the ${this.name} strategy has no 'log-watch'`);
    this.#sql.assertOpen();
    return this.#commitSignals.watchLog(listener);
  }

  /**
   * Runs `work` in a MikroORM transaction (`em.transactional` with `propagation: 'required'`): saves and
   * the handler's own entity changes through `orm.em` inside it join, and it joins a transaction already
   * active in the calling context.
   */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.#sql.ready();
    try {
      return await this.#transactions.run(work);
    } catch (error) {
      throw this.#sql.convert(error);
    }
  }

  async close(): Promise<void> {
    if (this.#sql.closed) return;
    await Promise.all([this.#leases.close(), this.#commitSignals?.close()]);
    await this.#sql.close();
    if (this.#ownsOrm) await Promise.all([this.orm.close(), this.#relayOrm?.close()]);
  }

  #assertCapable(capability: Capability): void {
    if (!this.capabilities.has(capability)) {
      throw new NotSupportedError(`the ${this.name} strategy has no '${capability}'`);
    }
  }
}
