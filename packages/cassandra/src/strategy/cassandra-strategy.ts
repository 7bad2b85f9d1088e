import {
  ClosedError,
  NotSupportedError,
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
  type ProjectionRecord,
  type ProjectionStore,
  type SnapshotStore,
  type ReadEvent,
  type ReadSnapshot,
  type StoredEvent,
} from '@annals/core';
import {
  AfterCommit,
  assertUuid,
  validateAppend,
  validateRange,
  type AppendOptions,
  type ProjectionChange,
  type StoredSnapshot,
} from '@annals/core/storage';
import type { ResolvedOptions } from '../options/index.js';
import { appendEvents } from '../internal/append-events.js';
import { convertError } from '../internal/convert-error.js';
import type { Executor } from '../internal/executor.js';
import { readPages } from '../internal/read-events.js';
import { blob, toReadEvent } from '../internal/rows.js';
import { checkSchema, migrate } from '../internal/schema.js';
import { Session } from '../internal/session.js';
import { CassandraLeases } from '../leases/index.js';
import { CassandraProjections } from '../projections/index.js';

/**
 * Stores events in Cassandra through `cassandra-driver`: each append is one conditional single-partition
 * batch (a lightweight transaction), events of an aggregate are split into partitions of `bucketSize`
 * versions, snapshots have a table of their own. It implements `SnapshotStore`, `MigratableStore`,
 * `ProjectionStore` (checkpoints moved by lightweight transactions) and `LeaseStore` (rows with a time to
 * live); the application-wide notification log, tracking records, the outbox, transactions and appends of
 * several aggregates at once are not supported yet. Create it with {@link cassandraStrategy}.
 */
export class CassandraStrategy
  implements ActiveRecordStrategy, SnapshotStore, MigratableStore, ProjectionStore, LeaseStore
{
  readonly name = 'cassandra';
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'snapshots',
    'migrations',
    'projections',
    'leases',
  ]);
  readonly #session: Session;
  readonly #projections: CassandraProjections;
  readonly #leases: CassandraLeases;
  readonly #afterCommit = new AfterCommit();
  #ready: Promise<void> | undefined;
  /** The migration running, which the next one waits for: concurrent schema changes can split the cluster. */
  #migrating: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(options: ResolvedOptions, executor: Executor) {
    this.#session = new Session(executor, options);
    this.#projections = new CassandraProjections(this.#session);
    this.#leases = new CassandraLeases(this.#session);
  }

  /** The keyspace holding the tables. */
  get keyspace(): string {
    return this.#session.options.keyspace;
  }

  /** Versions per partition of the events table. */
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
   * Stores the events of one aggregate atomically: all or none. Commit listeners hear of them as soon as
   * the batch is applied.
   * @throws RecordConflictError when one of the versions exists.
   * @throws NotSupportedError for events of several aggregates, tracking records or outbox messages.
   * @throws OperationalError when Cassandra fails; when the outcome of the write cannot be decided, the
   * message says so.
   */
  async append(events: readonly StoredEvent[], options: AppendOptions = {}): Promise<readonly number[]> {
    this.#assertOpen();
    validateAppend(events, options);
    if (options.tracking) throw unsupported('tracking records');
    if (options.outbox && options.outbox.length > 0) throw unsupported('the outbox');
    assertOneAggregate(events, this.bucketSize);
    await this.#run(() => appendEvents(this.#session, events));
    const positions: readonly number[] = [];
    this.#afterCommit.committed({
      events,
      positions,
      tracking: undefined,
      outbox: [],
      origin: options.origin,
    });
    return positions;
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
    return row ? toReadEvent(originatorId, row) : undefined;
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
    await this.#whenReady();
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
    } catch (error) {
      this.#ready = undefined;
      throw convertError(error, session.options.contactPoints);
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new ClosedError('the Cassandra strategy');
  }
}

function unsupported(what: string): NotSupportedError {
  return new NotSupportedError(`the Cassandra strategy does not support ${what} yet`);
}

/** One aggregate per append, consecutive versions, at most one bucket's worth of events. */
function assertOneAggregate(events: readonly StoredEvent[], bucketSize: number): void {
  const first = events[0];
  if (!first) return;
  const id = first.originatorId.toLowerCase();
  events.forEach((event, index) => {
    if (event.originatorId.toLowerCase() !== id) {
      throw new NotSupportedError(
        'the Cassandra strategy appends the events of one aggregate at a time: a lightweight transaction ' +
          `cannot span partitions, so ${first.originatorId} and ${event.originatorId} cannot be stored atomically`,
      );
    }
    if (event.originatorVersion !== first.originatorVersion + index) {
      throw new ValidationError(`versions of ${first.originatorId} in one batch must be consecutive`);
    }
  });
  if (events.length > bucketSize) {
    throw new ValidationError(
      `an append holds at most bucketSize (${bucketSize}) events of an aggregate; got ${events.length}`,
    );
  }
}
