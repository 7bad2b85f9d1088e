import { ClosedError, RecordConflictError } from '../errors/index.js';
import type { ActiveRecordStrategy, AppendOptions, EventRange } from '../storage/active-record-strategy.js';
import { AfterCommit } from '../storage/after-commit.js';
import { allCapabilities, type Capability } from '../storage/capabilities.js';
import type { CommitListener } from '../storage/commit.js';
import type { Lease, LeaseStore } from '../storage/lease-store.js';
import type { NotificationLogStore, NotificationQuery } from '../storage/notification-log-store.js';
import type { OutboxBacklog, OutboxClaim, OutboxSender, OutboxStore } from '../storage/outbox.js';
import type { Notification, StoredEvent, StoredSnapshot, Tracking } from '../storage/records.js';
import type {
  Checkpoint,
  CheckpointKey,
  ProjectionChange,
  ProjectionRecord,
  ProjectionStore,
} from '../storage/projection-store.js';
import type { SnapshotStore } from '../storage/snapshot-store.js';
import type { TrackingStore } from '../storage/tracking-store.js';
import type { TransactionalStore } from '../storage/transactional-store.js';
import {
  assertText,
  assertUuid,
  validateAppend,
  validateNotificationQuery,
  validateProcessedMessages,
  MAX_VERSION,
  validateRange,
} from '../storage/validation.js';
import { InMemoryLeases } from './in-memory-leases.js';
import { InMemoryOutbox } from './in-memory-outbox.js';
import { InMemoryProjections } from './in-memory-projections.js';
import { InMemoryTransactions } from './in-memory-transactions.js';

/**
 * Keeps everything in process memory: for tests, demos and prototypes. Appends are atomic because they run
 * without awaiting between the conflict checks and the writes. Stored bytes are copied in and out, so
 * callers can never change what is stored. Transactions run one at a time and undo their changes on
 * rollback.
 */
export class InMemoryStrategy
  implements
    ActiveRecordStrategy,
    SnapshotStore,
    NotificationLogStore,
    TrackingStore,
    OutboxStore,
    TransactionalStore,
    ProjectionStore,
    LeaseStore
{
  readonly name = 'memory';
  /** All but `outbox-dispatch`, `migrations` and `log-watch`: no other process shares the memory. */
  readonly capabilities: ReadonlySet<Capability> = new Set(
    allCapabilities.filter(
      (capability) => !['outbox-dispatch', 'migrations', 'log-watch'].includes(capability),
    ),
  );
  readonly #events = new Map<string, StoredEvent[]>();
  readonly #versions = new Map<string, Set<number>>();
  readonly #log: (StoredEvent & Pick<Notification, 'position'>)[] = [];
  readonly #snapshots = new Map<string, StoredSnapshot[]>();
  readonly #tracking = new Map<string, Set<number>>();
  readonly #positions = new Map<string, number>();
  readonly #processed = new Map<string, Set<string>>();
  readonly #transactions = new InMemoryTransactions();
  readonly #outbox = new InMemoryOutbox(this.#transactions, ({ event }) =>
    event ? this.#positions.get(`${event.originatorId}:${event.originatorVersion}`) : undefined,
  );
  readonly #afterCommit = new AfterCommit();
  readonly #projections = new InMemoryProjections(this.#transactions);
  readonly #leases = new InMemoryLeases();
  #closed = false;

  async append(events: readonly StoredEvent[], options: AppendOptions = {}): Promise<readonly number[]> {
    this.#assertOpen();
    validateAppend(events, options);
    while (!this.#transactions.isWritable) await this.#transactions.writable();
    const unit = this.#transactions.current();
    for (const event of events) {
      if (this.#versions.get(event.originatorId)?.has(event.originatorVersion)) {
        throw new RecordConflictError(`${event.originatorId} already has version ${event.originatorVersion}`);
      }
    }
    const { tracking, outbox = [] } = options;
    if (tracking && this.#tracking.get(tracking.application)?.has(tracking.position)) {
      throw new RecordConflictError(
        `${tracking.application} position ${tracking.position} is already tracked`,
      );
    }
    // Nothing below can fail, and nothing awaits: the append is all or nothing.
    const positions: number[] = [];
    for (const event of events) {
      const stored = copy(event);
      const history = this.#events.get(event.originatorId) ?? [];
      const versions = this.#versions.get(event.originatorId) ?? new Set<number>();
      this.#events.set(event.originatorId, history);
      this.#versions.set(event.originatorId, versions);
      versions.add(event.originatorVersion);
      history.push(stored);
      if (history.length > 1 && (history.at(-2)?.originatorVersion ?? 0) > event.originatorVersion) {
        history.sort((a, b) => a.originatorVersion - b.originatorVersion);
      }
      const position = this.#log.length + 1;
      this.#log.push({ ...stored, position });
      const key = `${event.originatorId}:${event.originatorVersion}`;
      this.#positions.set(key, position);
      positions.push(position);
      unit?.onRollback(() => {
        versions.delete(event.originatorVersion);
        history.splice(history.indexOf(stored), 1);
        this.#log.length = position - 1;
        this.#positions.delete(key);
      });
    }
    if (tracking) {
      const tracked = this.#tracking.get(tracking.application) ?? new Set<number>();
      this.#tracking.set(tracking.application, tracked);
      tracked.add(tracking.position);
      unit?.onRollback(() => tracked.delete(tracking.position));
    }
    for (const message of outbox) this.#outbox.add(message, unit);
    const commit = { events, positions, tracking, outbox, origin: options.origin };
    if (unit) unit.afterCommit(() => this.#afterCommit.committed(commit));
    else this.#afterCommit.committed(commit);
    return positions;
  }

  onCommit(listener: CommitListener): () => void {
    return this.#afterCommit.onCommit(listener);
  }

  async selectEvents(originatorId: string, range: EventRange = {}): Promise<StoredEvent[]> {
    this.#assertOpen();
    assertUuid(originatorId);
    validateRange(range);
    const { gt = 0, lte = MAX_VERSION, desc = false, limit = Number.MAX_SAFE_INTEGER } = range;
    const history = this.#events.get(originatorId) ?? [];
    // The history is sorted by version: find the range's ends rather than scan it all, page after page.
    const from = firstAbove(history, gt);
    const to = firstAbove(history, lte);
    const count = Math.min(limit, Math.max(0, to - from));
    const selected = desc ? history.slice(to - count, to).reverse() : history.slice(from, from + count);
    return selected.map(copy);
  }

  async *streamEvents(originatorId: string, range: EventRange = {}): AsyncIterable<StoredEvent> {
    for await (const page of this.streamEventPages(originatorId, range)) yield* page;
  }

  /** Copies a page at a time, as the other strategies read, rather than the whole history at once. */
  async *streamEventPages(
    originatorId: string,
    range: EventRange = {},
  ): AsyncIterable<readonly StoredEvent[]> {
    this.#assertOpen();
    assertUuid(originatorId);
    validateRange(range);
    let { gt, lte } = range;
    let remaining = range.limit ?? Number.MAX_SAFE_INTEGER;
    while (remaining > 0) {
      const limit = Math.min(STREAM_PAGE, remaining);
      const page = await this.selectEvents(originatorId, { gt, lte, desc: range.desc, limit });
      const last = page.at(-1);
      if (!last) return;
      yield page;
      if (page.length < limit) return;
      remaining -= page.length;
      if (range.desc) lte = last.originatorVersion - 1;
      else gt = last.originatorVersion;
    }
  }

  async selectNotifications(query: NotificationQuery): Promise<Notification[]> {
    this.#assertOpen();
    validateNotificationQuery(query);
    const topics = query.topics && query.topics.length > 0 ? new Set(query.topics) : undefined;
    const stop = query.stop ?? Number.MAX_SAFE_INTEGER;
    const selected: Notification[] = [];
    for (let index = query.start - 1; index < this.#log.length && selected.length < query.limit; index++) {
      const notification = this.#log[index];
      if (!notification || notification.position > stop) break;
      if (!topics || topics.has(notification.topic)) selected.push(copy(notification));
    }
    return selected;
  }

  async maxNotificationPosition(): Promise<number> {
    this.#assertOpen();
    return this.#log.length;
  }

  async maxTrackingPosition(application: string): Promise<number> {
    this.#assertOpen();
    assertText(application, 'application');
    return highest(this.#tracking.get(application) ?? []);
  }

  async insertSnapshot(snapshot: StoredSnapshot): Promise<void> {
    this.#assertOpen();
    validateAppend([snapshot]);
    let snapshots = this.#snapshots.get(snapshot.originatorId);
    if (!snapshots) this.#snapshots.set(snapshot.originatorId, (snapshots = []));
    const index = snapshots.findIndex((s) => s.originatorVersion >= snapshot.originatorVersion);
    if (index === -1) snapshots.push(copy(snapshot));
    else if (snapshots[index]?.originatorVersion === snapshot.originatorVersion)
      snapshots[index] = copy(snapshot);
    else snapshots.splice(index, 0, copy(snapshot));
  }

  async selectSnapshot(originatorId: string, lte?: number): Promise<StoredSnapshot | undefined> {
    this.#assertOpen();
    assertUuid(originatorId);
    validateRange({ lte });
    const snapshots = this.#snapshots.get(originatorId) ?? [];
    const found = snapshots.findLast((s) => lte === undefined || s.originatorVersion <= lte);
    return found && copy(found);
  }

  async claimOutbox(limit: number, send: OutboxSender): Promise<OutboxClaim> {
    this.#assertOpen();
    return this.#outbox.claim(limit, send);
  }

  async outboxBacklog(): Promise<OutboxBacklog> {
    this.#assertOpen();
    return this.#outbox.backlog();
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    this.#assertOpen();
    return this.#transactions.run(work);
  }

  async recordProcessedMessages(consumer: string, messageIds: readonly string[]): Promise<string[]> {
    this.#assertOpen();
    validateProcessedMessages(consumer, messageIds);
    while (!this.#transactions.isWritable) await this.#transactions.writable();
    const processed = this.#processed.get(consumer) ?? new Set<string>();
    this.#processed.set(consumer, processed);
    const recorded = messageIds.filter((messageId) => {
      if (processed.has(messageId)) return false;
      processed.add(messageId);
      return true;
    });
    this.#transactions.current()?.onRollback(() => {
      for (const messageId of recorded) processed.delete(messageId);
    });
    return recorded;
  }

  async trackingPositions(): Promise<Tracking[]> {
    this.#assertOpen();
    return [...this.#tracking]
      .filter(([, positions]) => positions.size > 0)
      .map(([application, positions]) => ({ application, position: highest(positions) }));
  }

  registerProjection(name: string): Promise<ProjectionRecord> {
    this.#assertOpen();
    return this.#projections.registerProjection(name);
  }

  projections(): Promise<ProjectionRecord[]> {
    this.#assertOpen();
    return this.#projections.projections();
  }

  updateProjection(name: string, change: ProjectionChange): Promise<ProjectionRecord> {
    this.#assertOpen();
    return this.#projections.updateProjection(name, change);
  }

  checkpoint(key: CheckpointKey): Promise<number> {
    this.#assertOpen();
    return this.#projections.checkpoint(key);
  }

  checkpoints(projection: string): Promise<Checkpoint[]> {
    this.#assertOpen();
    return this.#projections.checkpoints(projection);
  }

  moveCheckpoint(key: CheckpointKey, from: number, to: number): Promise<void> {
    this.#assertOpen();
    return this.#projections.moveCheckpoint(key, from, to);
  }

  deleteCheckpoints(projection: string, generation: number): Promise<void> {
    this.#assertOpen();
    return this.#projections.deleteCheckpoints(projection, generation);
  }

  tryLease(name: string): Promise<Lease | undefined> {
    this.#assertOpen();
    return this.#leases.tryLease(name);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#leases.releaseAll();
  }

  #assertOpen(): void {
    if (this.#closed) throw new ClosedError('the in-memory strategy');
  }
}

/** How many events `streamEventPages` copies at a time. */
const STREAM_PAGE = 1000;

/** The index of the first event of `history` (sorted by version) above `version`. */
function firstAbove(history: readonly StoredEvent[], version: number): number {
  let [low, high] = [0, history.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((history[middle]?.originatorVersion ?? 0) <= version) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The largest position, 0 for none; unlike `Math.max(...set)` it takes any number of them. */
function highest(positions: Iterable<number>): number {
  let max = 0;
  for (const position of positions) if (position > max) max = position;
  return max;
}

function copy<T extends StoredEvent>(record: T): T {
  return { ...record, state: Uint8Array.from(record.state) };
}
