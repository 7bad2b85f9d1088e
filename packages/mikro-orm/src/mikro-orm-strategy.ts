import {
  allCapabilities,
  assertUuid,
  ClosedError,
  validateAppend,
  validateNotificationQuery,
  validateProcessedMessages,
  validateRange,
  type ActiveRecordStrategy,
  type AppendOptions,
  type Capability,
  type EventRange,
  type Notification,
  type NotificationQuery,
  type ClaimedOutboxMessage,
  type ClaimOutboxOptions,
  type OutboxBacklog,
  type OutboxClaim,
  type OutboxMessage,
  type OutboxSender,
  type OutboxWatcher,
  type PendingOutboxMessage,
  type StoredEvent,
  type StoredSnapshot,
  type Tracking,
} from '@annals/core';
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlConnection } from '@mikro-orm/sql';
import { CompiledQuery } from 'kysely';
import type { Dialect, Statement } from './dialect/dialect.js';
import { PostgresqlDialect } from './dialect/postgresql-dialect.js';
import { SqliteDialect } from './dialect/sqlite-dialect.js';
import { tablesFor } from './dialect/tables.js';
import { convertError } from './internal/convert-error.js';
import { describeEndpoint } from './internal/endpoint.js';
import {
  toNotification,
  toPendingOutbox,
  toStoredEvent,
  type EventRow,
  type NotificationRow,
  type OutboxRow,
  type WrittenOutboxRow,
} from './internal/rows.js';
import { applyMigrations } from './internal/apply-migrations.js';
import { inProcessClaims, lockingClaims, type OutboxClaims } from './internal/claim-outbox.js';
import type { Executor } from './internal/executor.js';
import { PreparedStatements, type NativePool } from './internal/prepared-statements.js';

/** Options of the {@link MikroOrmStrategy}. */
export interface MikroOrmStrategyOptions {
  /**
   * The ORM to store through. Pass your application's own to have `app.save()` join its transactions
   * (`em.transactional()` or a request context with `em.begin()`).
   */
  readonly orm: MikroORM;
  /** Prefix of the table names, so several applications can share a database. @default 'annals_' */
  readonly tablePrefix?: string;
  /** Apply the shipped migrations before the first operation. @default false */
  readonly migrate?: boolean;
  /** Close the ORM (and `relayOrm`) when the strategy closes; for ORMs Annals created. @default false */
  readonly ownsOrm?: boolean;
  /**
   * A second ORM on the same PostgreSQL database, with a small pool, that only outbox relays use: their
   * claims then never wait for a connection behind the application's own writes, which keeps the delay from
   * commit to broker short under load. @default the claims share `orm`'s pool
   */
  readonly relayOrm?: MikroORM;
  /**
   * PostgreSQL: run statements outside a transaction as named prepared statements, planned once per
   * connection. Turn off behind a connection pooler that does not keep them, such as PgBouncer before 1.21 in
   * transaction mode. @default true
   */
  readonly preparedStatements?: boolean;
  /** How many events a streamed read fetches per query. @default 1000 */
  readonly pageSize?: number;
  /**
   * How long a log reader waits for writers still holding positions (PostgreSQL) before it settles for the
   * last position it knows to be complete. @default 5000
   */
  readonly readBarrierTimeout?: number;
  /**
   * PostgreSQL: how long claims leave alone an outbox row handed to a dispatch on commit (see
   * `watchOutbox`) before they take it, ms: how late a crashed dispatcher's rows go out. Longer than the
   * broker takes to confirm, or a slow dispatcher's rows are sent twice. @default 10000
   */
  readonly outboxDispatchGrace?: number;
}

/**
 * Stores events in PostgreSQL or SQLite through MikroORM 7. The hot paths bypass the unit of work and entity
 * hydration: they send SQL with real bind parameters through the ORM's Kysely connection, on the caller's
 * transaction when there is one.
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
export class MikroOrmStrategy implements ActiveRecordStrategy {
  readonly name: string;
  readonly capabilities: ReadonlySet<Capability>;
  readonly orm: MikroORM;
  readonly dialect: Dialect;
  readonly endpoint: string;
  readonly #client: Executor;
  readonly #ownsOrm: boolean;
  readonly #relayOrm: MikroORM | undefined;
  readonly #pageSize: number;
  readonly #migrate: boolean;
  readonly #usePreparedStatements: boolean;
  #ready: Promise<void> | undefined;
  /** PostgreSQL: where statements outside a transaction run, prepared once per connection. */
  #prepared: PreparedStatements | undefined;
  readonly #readBarrierTimeout: number;
  readonly #claims: OutboxClaims;
  readonly #relayClient: Executor;
  readonly #watchers = new Set<OutboxWatcher>();
  /** The transaction a {@link transaction} call opened, and what its appends wrote to tell once it commits. */
  readonly #opened = new AsyncLocalStorage<OpenedTransaction>();
  readonly #dispatchGrace: number;
  /**
   * See the port. PostgreSQL only (undefined on SQLite): appends mark their rows in the same statement, and
   * claims skip marked rows for `outboxDispatchGrace`.
   */
  readonly watchOutbox?: (watcher: OutboxWatcher) => () => void;
  /** See the port: one round trip on the relays' pool, not waiting for the disk. PostgreSQL only. */
  readonly settleOutbox?: (confirmed: readonly number[], unconfirmed: readonly number[]) => Promise<void>;
  /** The highest position known to have no uncommitted position below it. Never decreases. */
  #settled = 0;
  #closed = false;

  constructor(options: MikroOrmStrategyOptions) {
    this.orm = options.orm;
    const tables = tablesFor(options.tablePrefix);
    const platform = this.orm.em.getPlatform().constructor.name;
    this.dialect = /postgre/i.test(platform) ? new PostgresqlDialect(tables) : new SqliteDialect(tables);
    this.name = this.dialect.name;
    this.endpoint = describeEndpoint(this.orm, this.dialect.name);
    this.#client = (this.orm.em.getConnection() as AbstractSqlConnection).getClient();
    this.#ownsOrm = options.ownsOrm ?? false;
    this.#relayOrm = options.relayOrm;
    this.#pageSize = options.pageSize ?? 1000;
    this.#readBarrierTimeout = options.readBarrierTimeout ?? 5000;
    const query = <R>(statement: Statement, db?: Executor): Promise<R[]> => this.#query<R>(statement, db);
    const relayClient = this.#relayOrm
      ? (this.#relayOrm.em.getConnection() as AbstractSqlConnection).getClient()
      : this.#client;
    this.#relayClient = relayClient;
    this.#claims = this.dialect.beginClaim
      ? lockingClaims(relayClient, this.dialect, query)
      : inProcessClaims(this.#client, this.dialect, query);
    this.#dispatchGrace = options.outboxDispatchGrace ?? 10_000;
    if (!Number.isFinite(this.#dispatchGrace) || this.#dispatchGrace < 0) {
      throw new RangeError(`outboxDispatchGrace must be a number of ms >= 0; got ${this.#dispatchGrace}`);
    }
    const settle = this.dialect.settleDispatched?.bind(this.dialect);
    this.capabilities = new Set(
      allCapabilities.filter((capability) => settle || capability !== 'outbox-dispatch'),
    );
    if (settle) {
      this.watchOutbox = (watcher) => {
        this.#watchers.add(watcher);
        return () => void this.#watchers.delete(watcher);
      };
      this.settleOutbox = async (confirmed, unconfirmed) => {
        if (confirmed.length + unconfirmed.length === 0) return;
        await this.#query(settle(confirmed, unconfirmed), this.#relayClient);
      };
    }
    this.#migrate = options.migrate ?? false;
    this.#usePreparedStatements = options.preparedStatements ?? true;
    // Failures surface on the first operation; this only keeps an unawaited rejection from crashing the process.
    this.#whenReady().catch(() => undefined);
  }

  /** Creates or updates the tables. Safe to run from several processes at once. @returns the migrations applied */
  async migrate(): Promise<string[]> {
    this.#assertOpen();
    try {
      return await applyMigrations(this.#client, this.dialect);
    } catch (error) {
      throw convertError(error, this.endpoint);
    }
  }

  async append(events: readonly StoredEvent[], options: AppendOptions = {}): Promise<readonly number[]> {
    validateAppend(events, options);
    const outbox = options.outbox ?? [];
    // Watchers hear of appends that commit on their own, and of appends in a transaction `transaction()`
    // opened, once it commits; of nothing written in a transaction whose commit this strategy cannot see.
    const joined = this.#joinedTransaction();
    const opened = this.#opened.getStore();
    const told = joined === undefined || (opened !== undefined && opened.context === joined);
    const dispatch = this.#watchers.size > 0 && outbox.length > 0 && told;
    const statements = this.dialect.insertEvents(events, options.tracking, outbox, dispatch);
    const [only] = statements;
    if (statements.length === 1 && only) {
      const rows = await this.#query<{ position: number | string | null } & Partial<WrittenOutboxRow>>(only);
      if (!dispatch) return positionsOf(rows);
      const written = rows.filter((row): row is WrittenOutboxRow => row.sequence != null);
      if (joined) opened?.written.push({ outbox, rows: written });
      else this.#tellWatchers(outbox, written);
      return positionsOf(rows.filter((row) => row.sequence == null));
    }
    return this.#transaction(async (db) => {
      const positions: number[] = [];
      for (const statement of statements) {
        const rows = await this.#query<{ position: number | string }>(statement, db);
        positions.push(...positionsOf(rows));
      }
      return positions;
    });
  }

  async selectEvents(originatorId: string, range: EventRange = {}): Promise<StoredEvent[]> {
    assertUuid(originatorId);
    validateRange(range);
    const rows = await this.#query<EventRow>(this.dialect.selectEvents(originatorId, range));
    return rows.map((row) => toStoredEvent(originatorId, row));
  }

  async *streamEvents(originatorId: string, range: EventRange = {}): AsyncIterable<StoredEvent> {
    let { gt, lte } = range;
    let remaining = range.limit ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const limit = Math.min(this.#pageSize, remaining);
      const page = await this.selectEvents(originatorId, { gt, lte, desc: range.desc, limit });
      yield* page;
      const last = page.at(-1);
      if (!last || page.length < limit) return;
      remaining -= page.length;
      if (range.desc) lte = last.originatorVersion - 1;
      else gt = last.originatorVersion;
    }
  }

  async selectNotifications(query: NotificationQuery): Promise<Notification[]> {
    validateNotificationQuery(query);
    // A stop already known to be settled (iterate() passes one for every page) needs no new barrier.
    const settled =
      query.stop !== undefined && query.stop <= this.#settled ? this.#settled : await this.#settledPosition();
    const stop = Math.min(query.stop ?? Number.MAX_SAFE_INTEGER, settled);
    if (stop < query.start) return [];
    const rows = await this.#query<NotificationRow>(this.dialect.selectNotifications({ ...query, stop }));
    return rows.map(toNotification);
  }

  async maxNotificationPosition(): Promise<number> {
    const stop = await this.#settledPosition();
    const [row] = await this.#query<{ position: number | string }>(
      this.dialect.maxNotificationPosition(stop),
    );
    return Number(row?.position ?? 0);
  }

  async maxTrackingPosition(application: string): Promise<number> {
    const [row] = await this.#query<{ position: number | string }>(
      this.dialect.maxTrackingPosition(application),
    );
    return Number(row?.position ?? 0);
  }

  async insertSnapshot(snapshot: StoredSnapshot): Promise<void> {
    validateAppend([snapshot]);
    await this.#query(this.dialect.insertSnapshot(snapshot));
  }

  async selectSnapshot(originatorId: string, lte?: number): Promise<StoredSnapshot | undefined> {
    assertUuid(originatorId);
    const [row] = await this.#query<EventRow>(this.dialect.selectSnapshot(originatorId, lte));
    return row && toStoredEvent(originatorId, row);
  }

  async selectPendingOutbox(limit: number): Promise<PendingOutboxMessage[]> {
    const rows = await this.#query<OutboxRow>(this.dialect.selectPendingOutbox(limit));
    return rows.map(toPendingOutbox);
  }

  async deleteOutbox(sequences: readonly number[]): Promise<void> {
    if (sequences.length === 0) return;
    await this.#query(this.dialect.deleteOutbox(sequences));
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
    this.#assertOpen();
    await this.#whenReady();
    try {
      return await this.#claims.claim(
        limit,
        send,
        options.includeDispatched ? undefined : this.#dispatchGrace,
      );
    } catch (error) {
      throw convertError(error, this.endpoint);
    }
  }

  async outboxBacklog(): Promise<OutboxBacklog> {
    const [row] = await this.#query<{ pending: number | string; oldest: string | Date | null }>(
      this.dialect.outboxBacklog(),
    );
    const oldest = row?.oldest ?? null;
    return { pending: Number(row?.pending ?? 0), oldest: oldest === null ? undefined : new Date(oldest) };
  }

  /**
   * Runs `work` in a MikroORM transaction (`em.transactional` with `propagation: 'required'`): saves and
   * the handler's own entity changes through `orm.em` inside it join, and it joins a transaction already
   * active in the calling context.
   */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    this.#assertOpen();
    await this.#whenReady();
    // Joining a transaction opened elsewhere, this call cannot see the commit; opening one, it tells the
    // watchers what its appends wrote once it has committed.
    const opened: OpenedTransaction | undefined = this.#joinedTransaction()
      ? undefined
      : { context: undefined, written: [] };
    try {
      const run = (): Promise<T> =>
        this.#contextEntityManager().transactional(
          () => {
            if (opened) opened.context = this.#joinedTransaction();
            return work();
          },
          { propagation: 'required' },
        );
      const result = opened ? await this.#opened.run(opened, run) : await run();
      for (const { outbox, rows } of opened?.written ?? []) this.#tellWatchers(outbox, rows);
      return result;
    } catch (error) {
      throw convertError(error, this.endpoint);
    }
  }

  async recordProcessedMessages(consumer: string, messageIds: readonly string[]): Promise<string[]> {
    validateProcessedMessages(consumer, messageIds);
    const unique = [...new Set(messageIds)];
    if (unique.length === 0) return [];
    const rows = await this.#query<{ message_id: string }>(
      this.dialect.recordProcessedMessages(consumer, unique),
    );
    const recorded = new Set(rows.map((row) => row.message_id));
    return unique.filter((messageId) => recorded.has(messageId));
  }

  async trackingPositions(): Promise<Tracking[]> {
    const rows = await this.#query<{ application: string; position: number | string }>(
      this.dialect.trackingPositions(),
    );
    return rows.map((row) => ({ application: row.application, position: Number(row.position) }));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#ready?.catch(() => undefined);
    if (this.#ownsOrm) await Promise.all([this.orm.close(), this.#relayOrm?.close()]);
  }

  /** Tells the watchers what an append that committed on its own wrote to the outbox. */
  #tellWatchers(outbox: readonly OutboxMessage[], written: readonly WrittenOutboxRow[]): void {
    const messages = new Map(outbox.map((message) => [message.id, message]));
    const dispatched: ClaimedOutboxMessage[] = [];
    for (const row of written) {
      const message = messages.get(row.message_id);
      if (!row.dispatching || !message) continue;
      dispatched.push({
        ...message,
        sequence: Number(row.sequence),
        createdAt: new Date(row.created_at),
        ...(row.position === null ? {} : { position: Number(row.position) }),
      });
    }
    // One watcher sends them: the earliest still watching (several relays on one strategy would send twice).
    const [watcher] = this.#watchers;
    watcher?.({ dispatched, claimable: written.length - dispatched.length });
  }

  /** The caller's transaction when one is active (via `em.transactional()` or a request context), else the pool. */
  #executor(): Executor {
    return this.#joinedTransaction() ?? this.#client;
  }

  /**
   * The active transaction of THIS ORM. MikroORM keeps transaction and request contexts in process-wide
   * async-local storage, so inside another ORM's transaction (another application, another database) the
   * context's entity manager belongs to that ORM; joining it would write our events into its database.
   */
  #joinedTransaction(): Executor | undefined {
    return this.#contextEntityManager().getTransactionContext<Executor>();
  }

  /** The entity manager of the current context when it belongs to this ORM, else a fork of our own. */
  #contextEntityManager(): MikroORM['em'] {
    const context = this.orm.em.getContext(false);
    return context.getConnection() === this.orm.em.getConnection() ? context : this.orm.em.fork();
  }

  async #transaction<T>(work: (db: Executor) => Promise<T>): Promise<T> {
    await this.#whenReady();
    const joined = this.#joinedTransaction();
    if (joined) return work(joined);
    try {
      return await this.#client.transaction().execute(work);
    } catch (error) {
      throw convertError(error, this.endpoint);
    }
  }

  async #query<R>(statement: Statement, db?: Executor): Promise<R[]> {
    this.#assertOpen();
    await this.#whenReady();
    try {
      const executor = db ?? this.#executor();
      if (executor === this.#client && this.#prepared && statement.params.length > 0) {
        return await this.#prepared.query<R>(statement);
      }
      const result = await executor.executeQuery<R>(CompiledQuery.raw(statement.sql, [...statement.params]));
      return result.rows;
    } catch (error) {
      throw convertError(error, this.endpoint);
    }
  }

  /**
   * Prepares the storage once: a failed attempt (the database not up yet, a lock held too long) is not kept,
   * so the next operation tries again.
   */
  #whenReady(): Promise<void> {
    this.#ready ??= this.#prepare().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  async #prepare(): Promise<void> {
    try {
      const connection = this.orm.em.getConnection() as { getNativeClient?: () => Promise<NativePool> };
      if (this.#usePreparedStatements && this.dialect.name === 'postgresql' && connection.getNativeClient) {
        this.#prepared ??= new PreparedStatements(await connection.getNativeClient());
      }
      if (this.#migrate) await applyMigrations(this.#client, this.dialect);
    } catch (error) {
      throw convertError(error, this.endpoint);
    }
  }

  /**
   * The position up to which the log can be read without skipping: the last position drawn, once every
   * transaction that may hold a position up to it has ended. Where writers commit in position order
   * (SQLite), the whole log.
   */
  async #settledPosition(): Promise<number> {
    const barrier = this.dialect.readBarrier;
    if (!barrier) return Number.MAX_SAFE_INTEGER;
    const db = this.#executor();
    const [drawn] = await this.#query<{ position: number | string }>(barrier.lastDrawnPosition(), db);
    const candidate = Number(drawn?.position ?? 0);
    const deadline = Date.now() + this.#readBarrierTimeout;
    let writers = await this.#query<{ writer: string }>(barrier.writersInFlight(), db);
    while (writers.length > 0) {
      if (Date.now() > deadline) return this.#settled;
      await sleep(1);
      const among = writers.map((row) => row.writer);
      writers = await this.#query<{ writer: string }>(barrier.writersInFlight(among), db);
    }
    this.#settled = Math.max(this.#settled, candidate);
    return this.#settled;
  }

  #assertOpen(): void {
    if (this.#closed) throw new ClosedError(`the ${this.name} strategy`);
  }
}

/** A transaction {@link MikroOrmStrategy.transaction} opened: its MikroORM context, and the outbox rows written in it. */
interface OpenedTransaction {
  context: Executor | undefined;
  readonly written: {
    readonly outbox: readonly OutboxMessage[];
    readonly rows: readonly WrittenOutboxRow[];
  }[];
}

function positionsOf(rows: readonly { position: number | string | null }[]): number[] {
  return rows.map((row) => Number(row.position));
}
