import type { Aggregate, AggregateClass } from '../aggregate/index.js';
import { EventBus } from '../bus/index.js';
import { Settings } from '../config/index.js';
import { ClosedError, ConfigurationError } from '../errors/index.js';
import { TopicRegistry } from '../events/index.js';
import { silentLogger, type Logger } from '../logging/index.js';
import { Cipher, Mapper } from '../mapping/index.js';
import { InMemoryStrategy } from '../memory/index.js';
import { PersistencePolicy, SnapshottingPolicy } from '../policies/index.js';
import type { ActiveRecordStrategy, AppendOptions } from '../storage/index.js';
import { EventStore } from '../store/event-store.js';
import { NotificationLog } from '../store/notification-log.js';
import type { Recording } from '../store/recording.js';
import { Repository, type GetOptions } from '../store/repository.js';
import { Transcoder } from '../transcoding/index.js';
import type { ApplicationOptions, StrategyFactory } from './application-options.js';
import type { OutboxSource } from './outbox-source.js';
import {
  cipherKeySetting,
  compressionSetting,
  persistenceSetting,
  snapshotIntervalSetting,
} from './application-settings.js';

const memory: StrategyFactory = () => new InMemoryStrategy();

/**
 * The base of every Annals application: it owns the storage, the event store, the repository, the
 * notification log and the event bus. Subclasses list their aggregate classes and add command methods.
 *
 * @example
 * ```ts
 * class Bank extends Application {
 *   static override readonly aggregates = [BankAccount];
 *
 *   async openAccount(owner: string): Promise<string> {
 *     const account = BankAccount.open(owner);
 *     await this.save(account);
 *     return account.id;
 *   }
 * }
 * await using bank = new Bank();
 * ```
 */
export class Application implements AsyncDisposable {
  /** The aggregate classes this application stores; their topics are registered at construction. */
  static readonly aggregates: readonly AggregateClass[] = [];

  readonly name: string;
  readonly logger: Logger;
  readonly settings: Settings;
  readonly topics = new TopicRegistry();
  readonly strategy: ActiveRecordStrategy;
  readonly mapper: Mapper;
  readonly eventStore: EventStore;
  readonly repository: Repository;
  readonly notificationLog: NotificationLog;
  readonly bus: EventBus;
  readonly snapshotting: SnapshottingPolicy;
  readonly #persistence: PersistencePolicy;
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #outboxSources = new Set<OutboxSource>();
  #closing: Promise<void> | undefined;

  constructor(options: ApplicationOptions = {}) {
    this.name = options.name ?? new.target.name;
    this.logger = (options.logger ?? silentLogger).child(this.name);
    this.settings = new Settings(this.name, options.env ?? process.env);
    for (const aggregateClass of new.target.aggregates) {
      this.topics.registerAggregate(aggregateClass);
    }
    const cipherKey = this.settings.resolve(cipherKeySetting, options.cipherKey, undefined);
    this.mapper = new Mapper({
      topics: this.topics,
      transcoder: new Transcoder(options.transcodings),
      compression: this.settings.resolve(compressionSetting, options.compression, 'none'),
      cipher: cipherKey === undefined ? undefined : new Cipher(cipherKey),
    });
    const snapshotInterval = this.settings.resolve(snapshotIntervalSetting, options.snapshotInterval, 0);
    this.strategy = options.strategy ?? this.#buildStrategy(options);
    this.eventStore = new EventStore(this.mapper, this.strategy);
    this.notificationLog = new NotificationLog(this.mapper, this.strategy);
    this.bus = new EventBus(this.logger.child('bus'));
    this.#persistence = new PersistencePolicy(this.eventStore, this.bus);
    this.snapshotting = new SnapshottingPolicy(snapshotInterval, this.mapper, this.strategy, this.logger);
    this.repository = new Repository(this.eventStore, (cls) => this.snapshotting.intervalFor(cls) > 0);
  }

  /**
   * Stores the pending events of all the aggregates in one atomic append (all or none), then publishes them
   * on the bus. When the append fails the aggregates keep their pending events.
   * @throws RecordConflictError when another save stored one of these versions first.
   */
  async save(...aggregates: Aggregate[]): Promise<Recording[]> {
    return this.record(aggregates);
  }

  /** Like {@link save}, with a tracking record or outbox messages written in the same append. */
  async record(aggregates: readonly Aggregate[], options: AppendOptions = {}): Promise<Recording[]> {
    if (this.#closing) throw new ClosedError(`application ${this.name}`);
    const saving = this.#record([...new Set(aggregates)], options);
    this.#inFlight.add(saving);
    try {
      return await saving;
    } finally {
      this.#inFlight.delete(saving);
    }
  }

  /**
   * Adds a source of outbox messages: from then on every save writes the messages it derives from the saved
   * events in the same atomic append. @returns a function that removes it.
   */
  addOutboxSource(source: OutboxSource): () => void {
    this.#outboxSources.add(source);
    return () => this.#outboxSources.delete(source);
  }

  /** Rebuilds an aggregate from its snapshot and events. */
  async get<A extends Aggregate>(
    aggregateClass: AggregateClass<A>,
    id: string,
    options?: GetOptions,
  ): Promise<A> {
    return this.repository.get(aggregateClass, id, options);
  }

  /**
   * Stores a snapshot of an aggregate at its latest version (or the one given). The repository reads
   * snapshots of classes that have a snapshot interval, so the class needs one.
   */
  async takeSnapshot(aggregateClass: AggregateClass, id: string, version?: number): Promise<void> {
    if (this.snapshotting.intervalFor(aggregateClass) === 0) {
      throw new ConfigurationError(
        'snapshotInterval',
        `snapshots of ${aggregateClass.topic} would never be read: give it a snapshotInterval ` +
          `(and use a strategy that stores snapshots)`,
      );
    }
    await this.snapshotting.take(await this.repository.get(aggregateClass, id, { version }));
  }

  /** Waits for saves in flight, then releases the storage. Safe to call more than once. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.allSettled(this.#inFlight);
      this.#persistence.detach();
      await this.strategy.close();
    })();
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #record(aggregates: readonly Aggregate[], options: AppendOptions): Promise<Recording[]> {
    const pending = new Map(
      aggregates.map((aggregate) => [aggregate, [...aggregate.pendingEvents]] as const),
    );
    const events = [...pending.values()].flat();
    const outbox = [...(options.outbox ?? [])];
    for (const source of this.#outboxSources) outbox.push(...source(events));
    if (events.length === 0 && !options.tracking && outbox.length === 0) return [];
    const written = this.#outboxSources.size > 0 ? { ...options, outbox } : options;
    const recordings = await this.bus.persist({ events, options: written });
    const previousVersions = new Map<Aggregate, number>();
    for (const [aggregate, saved] of pending) {
      aggregate.markSaved(saved);
      previousVersions.set(aggregate, aggregate.version - saved.length);
    }
    await this.snapshotting.afterSave(previousVersions);
    await this.bus.publish(recordings);
    return recordings;
  }

  #buildStrategy(options: ApplicationOptions): ActiveRecordStrategy {
    const persistence = this.settings.resolve(persistenceSetting, options.persistence, 'memory');
    const factories: Record<string, StrategyFactory> = { memory, ...options.strategies };
    const factory = factories[persistence];
    if (!factory) {
      throw new ConfigurationError(
        'persistence',
        `setting "persistence" is "${persistence}", but only ${Object.keys(factories).join(', ')} ` +
          `are available; pass a strategy factory for it in the "strategies" option`,
      );
    }
    return factory({ name: this.name, settings: this.settings, logger: this.logger });
  }
}
