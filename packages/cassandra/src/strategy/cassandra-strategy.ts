import {
  ClosedError,
  ValidationError,
  type ActiveRecordStrategy,
  type Capability,
  type Checkpoint,
  type CheckpointKey,
  type CommitListener,
  type EventRange,
  type Lease,
  type LeaseStore,
  type MigratableStore,
  type Notification,
  type NotificationLogStore,
  type OutboxStore,
  type ProjectionRecord,
  type ProjectionStore,
  type SnapshotStore,
  type ReadEvent,
  type ReadSnapshot,
  type StoredEvent,
  type Tracking,
  type TrackingStore,
} from '@annals/core';
import {
  AfterCommit,
  assertPosition,
  assertText,
  assertUuid,
  validateAppend,
  validateNotificationQuery,
  validateProcessedMessages,
  validateRange,
  type AppendOptions,
  type OutboxBacklog,
  type OutboxClaim,
  type OutboxSender,
  type NotificationQuery,
  type ProjectionChange,
  type StoredSnapshot,
} from '@annals/core/storage';
import type { ResolvedOptions } from '../options/index.js';
import { LogAppender } from '../internal/append-to-log.js';
import { planWrites } from '../internal/lane-states.js';
import { convertError } from '../internal/convert-error.js';
import type { Executor } from '../internal/executor.js';
import { LogTail } from '../internal/log-tail.js';
import { RecentLanes } from '../internal/recent-lanes.js';
import { claimOutbox, outboxBacklog } from '../internal/outbox.js';
import { readPages } from '../internal/read-events.js';
import { maxNotificationPosition, selectNotifications } from '../internal/read-log.js';
import { blob, toReadEvent } from '../internal/rows.js';
import { checkSchema, migrate } from '../internal/schema.js';
import { Session } from '../internal/session.js';
import { maxTrackingPosition, recordProcessedMessages, trackingPositions } from '../internal/tracking.js';
import { CassandraLeases } from '../leases/index.js';
import { CassandraProjections } from '../projections/index.js';

/**
 * Stores events in Cassandra through `cassandra-driver`, in a notification log split into pages of
 * `bucketSize` positions, one partition each: an append is written by one conditional batch (a lightweight
 * transaction) on the tail page, which the appends of this instance waiting for it share, that takes the
 * next positions and stores the events, their log entries, the tracking record and the outbox messages
 * together, for any number of aggregates. Each aggregate's events have a lane
 * of their own in each page (found through a lane index), snapshots a table of their own. It implements
 * `NotificationLogStore`, `TrackingStore`, `OutboxStore` (rows claimed by conditional batches), `SnapshotStore`,
 * `MigratableStore`, `ProjectionStore` (checkpoints moved by lightweight transactions) and `LeaseStore` (rows
 * with a time to live); dispatch on commit, transactions a caller joins and log watching are not supported.
 * Create it with {@link cassandraStrategy}.
 */
export class CassandraStrategy
  implements
    ActiveRecordStrategy,
    NotificationLogStore,
    TrackingStore,
    OutboxStore,
    SnapshotStore,
    MigratableStore,
    ProjectionStore,
    LeaseStore
{
  readonly name = 'cassandra';
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'notification-log',
    'tracking',
    'multi-aggregate-append',
    'outbox',
    'snapshots',
    'migrations',
    'projections',
    'leases',
  ]);
  readonly #session: Session;
  readonly #projections: CassandraProjections;
  readonly #leases: CassandraLeases;
  readonly #tail: LogTail;
  readonly #appender: LogAppender;
  readonly #afterCommit = new AfterCommit();
  #ready: Promise<void> | undefined;
  /** Whether `#ready` has settled well: operations then go straight on. */
  #isReady = false;
  /** The migration running, which the next one waits for: concurrent schema changes can split the cluster. */
  #migrating: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(options: ResolvedOptions, executor: Executor) {
    this.#session = new Session(executor, options);
    this.#projections = new CassandraProjections(this.#session);
    this.#leases = new CassandraLeases(this.#session);
    this.#tail = new LogTail(this.#session);
    this.#appender = new LogAppender(this.#session, this.#tail, new RecentLanes());
  }

  /** The keyspace holding the tables. */
  get keyspace(): string {
    return this.#session.options.keyspace;
  }

  /** Positions per page (partition) of the log. */
  get bucketSize(): number {
    return this.#session.options.bucketSize;
  }

  /**
   * Creates the keyspace (with the configured replication) and the tables when they do not exist, and
   * records the bucket size; refuses a keyspace that recorded another one. Migrations of one strategy run
   * one after another; run them from one process at a time.
   * @returns the migration applied now, if any
   * @throws ConfigurationError when the keyspace has another bucket size.
   */
  async migrate(): Promise<string[]> {
    this.#assertOpen();
    const applied = this.#migrating.then(() => migrate(this.#session));
    this.#migrating = applied.catch(() => undefined);
    try {
      const names = await applied;
      this.#ready = Promise.resolve();
      return names;
    } catch (error) {
      throw convertError(error, this.#session.options.contactPoints);
    }
  }

  /**
   * Stores the events, of any aggregates, and the tracking record atomically: all or none, in one
   * lightweight transaction on the log's tail page. Commit listeners hear of them as soon as it is applied.
   * @returns the events' positions in the notification log
   * @throws RecordConflictError when one of the versions, or the tracking record, exists.
   * @throws NotSupportedError for outbox messages.
   * @throws ValidationError for more than `bucketSize` events, which no page has room for.
   * @throws OperationalError when Cassandra fails; when the outcome of the write cannot be decided, the
   * message says so.
   */
  async append(events: readonly StoredEvent[], options: AppendOptions = {}): Promise<readonly number[]> {
    this.#assertOpen();
    validateAppend(events, options);
    const outbox = options.outbox ?? [];
    if (events.length + outbox.length > this.bucketSize) {
      throw new ValidationError(
        `an append holds at most bucketSize (${this.bucketSize}) events and outbox messages, the positions ` +
          `of one page of the log; got ${events.length + outbox.length}`,
      );
    }
    const writes = planWrites(events, options.tracking);
    const positions = await this.#run(() => this.#appender.append(events, writes, outbox));
    this.#afterCommit.committed({
      events,
      positions,
      tracking: options.tracking,
      outbox,
      origin: options.origin,
    });
    return positions;
  }

  async selectNotifications(query: NotificationQuery): Promise<Notification[]> {
    this.#assertOpen();
    validateNotificationQuery(query);
    return this.#run(() => selectNotifications(this.#session, query));
  }

  maxNotificationPosition(): Promise<number> {
    this.#assertOpen();
    return this.#run(() => maxNotificationPosition(this.#session, this.#tail));
  }

  /**
   * Claims pending rows with a conditional batch per page that marks them for `CLAIM_TTL` seconds, sends
   * them, then deletes the confirmed ones and releases the others.
   */
  async claimOutbox(limit: number, send: OutboxSender): Promise<OutboxClaim> {
    this.#assertOpen();
    assertPosition(limit, 'limit');
    return this.#run(() => claimOutbox(this.#session, this.#tail, limit, send));
  }

  outboxBacklog(): Promise<OutboxBacklog> {
    this.#assertOpen();
    return this.#run(() => outboxBacklog(this.#session));
  }

  maxTrackingPosition(application: string): Promise<number> {
    this.#assertOpen();
    assertText(application, 'application');
    return this.#run(() => maxTrackingPosition(this.#session, application));
  }

  trackingPositions(): Promise<Tracking[]> {
    this.#assertOpen();
    return this.#run(() => trackingPositions(this.#session));
  }

  /**
   * Records each id with a lightweight transaction of its own: Cassandra has no transaction a consumer's
   * handler could join, so the record is not atomic with the handler's effects.
   */
  recordProcessedMessages(consumer: string, messageIds: readonly string[]): Promise<string[]> {
    this.#assertOpen();
    validateProcessedMessages(consumer, messageIds);
    return this.#run(() => recordProcessedMessages(this.#session, consumer, messageIds));
  }

  /** Listeners hear of each append right after its batch is applied; they never hear of a refused one. */
  onCommit(listener: CommitListener): () => void {
    return this.#afterCommit.onCommit(listener);
  }

  async selectEvents(originatorId: string, range: EventRange = {}): Promise<ReadEvent[]> {
    this.#assertOpen();
    assertUuid(originatorId);
    validateRange(range);
    await this.#whenReady();
    const events: ReadEvent[] = [];
    try {
      for await (const page of readPages(this.#session, originatorId, range)) {
        for (const event of page) events.push(event);
      }
    } catch (error) {
      throw convertError(error, this.#session.options.contactPoints);
    }
    return events;
  }

  async *streamEvents(originatorId: string, range: EventRange = {}): AsyncIterable<ReadEvent> {
    for await (const page of this.streamEventPages(originatorId, range)) yield* page;
  }

  async *streamEventPages(originatorId: string, range: EventRange = {}): AsyncIterable<readonly ReadEvent[]> {
    this.#assertOpen();
    assertUuid(originatorId);
    validateRange(range);
    await this.#whenReady();
    try {
      yield* readPages(this.#session, originatorId, range);
    } catch (error) {
      throw convertError(error, this.#session.options.contactPoints);
    }
  }

  async insertSnapshot(snapshot: StoredSnapshot): Promise<void> {
    this.#assertOpen();
    validateAppend([snapshot]);
    const { originatorId, originatorVersion, topic, state } = snapshot;
    await this.#run(() =>
      this.#session.write(this.#session.cql.insertSnapshot, [
        originatorId,
        originatorVersion,
        topic,
        blob(state),
      ]),
    );
  }

  async selectSnapshot(originatorId: string, lte?: number): Promise<ReadSnapshot | undefined> {
    this.#assertOpen();
    assertUuid(originatorId);
    validateRange({ lte });
    const upTo = lte ?? Number.MAX_SAFE_INTEGER;
    const rows = await this.#run(() =>
      this.#session.read(this.#session.cql.selectSnapshot, [originatorId, upTo]),
    );
    const row = rows.first();
    return row ? toReadEvent(originatorId, row, 'originator_version') : undefined;
  }

  registerProjection(name: string): Promise<ProjectionRecord> {
    this.#assertOpen();
    return this.#run(() => this.#projections.registerProjection(name));
  }

  projections(): Promise<ProjectionRecord[]> {
    this.#assertOpen();
    return this.#run(() => this.#projections.projections());
  }

  updateProjection(name: string, change: ProjectionChange): Promise<ProjectionRecord> {
    this.#assertOpen();
    return this.#run(() => this.#projections.updateProjection(name, change));
  }

  checkpoint(key: CheckpointKey): Promise<number> {
    this.#assertOpen();
    return this.#run(() => this.#projections.checkpoint(key));
  }

  checkpoints(projection: string): Promise<Checkpoint[]> {
    this.#assertOpen();
    return this.#run(() => this.#projections.checkpoints(projection));
  }

  moveCheckpoint(key: CheckpointKey, from: number, to: number): Promise<void> {
    this.#assertOpen();
    return this.#run(() => this.#projections.moveCheckpoint(key, from, to));
  }

  deleteCheckpoints(projection: string, generation: number): Promise<void> {
    this.#assertOpen();
    return this.#run(() => this.#projections.deleteCheckpoints(projection, generation));
  }

  /** Takes the lease with a lightweight transaction; it lives `leaseTtl` seconds past its last renewal. */
  tryLease(name: string): Promise<Lease | undefined> {
    this.#assertOpen();
    return this.#run(() => this.#leases.tryLease(name));
  }

  /** Closes the driver's connections. Safe to call more than once. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#session.shutdown();
  }

  /** Runs an operation once the schema is checked, converting driver errors. */
  async #run<T>(operation: () => Promise<T>): Promise<T> {
    if (!this.#isReady) await this.#whenReady();
    try {
      return await operation();
    } catch (error) {
      throw convertError(error, this.#session.options.contactPoints);
    }
  }

  /** Checks the schema (or migrates it, when so configured) once; a failure is retried by the next call. */
  async #whenReady(): Promise<void> {
    const session = this.#session;
    this.#ready ??= session.options.migrate ? this.migrate().then(() => undefined) : checkSchema(session);
    try {
      await this.#ready;
      this.#isReady = true;
    } catch (error) {
      this.#ready = undefined;
      throw convertError(error, session.options.contactPoints);
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new ClosedError('the Cassandra strategy');
  }
}
