import type { Aggregate, AggregateClass } from '../aggregate/index.js';
import { EventBus } from '../bus/index.js';
import { Settings } from '../config/index.js';
import { ClosedError, ConfigurationError, NotSupportedError, ValidationError } from '../errors/index.js';
import { TopicRegistry, type DomainEvent, type EventClass } from '../events/index.js';
import { silentLogger, tracedLogger, type Logger } from '../logging/index.js';
import { Cipher, Mapper } from '../mapping/index.js';
import { InMemoryStrategy } from '../memory/index.js';
import { SnapshottingPolicy, type PersistencePolicy } from '../policies/index.js';
import {
  hasOutbox,
  type ActiveRecordStrategy,
  type Commit,
  type OutboxMessage,
  type Tracking,
} from '../storage/index.js';
import { EventStore } from '../store/event-store.js';
import { NotificationLog } from '../store/notification-log.js';
import type { Recording } from '../store/recording.js';
import { Repository, type GetOptions } from '../store/repository.js';
import { inSpan, type TelemetryAttributes, type TracedSpan } from '../telemetry/span.js';
import { activeTraceHeaders } from '../telemetry/trace-headers.js';
import { Transcoder } from '../transcoding/index.js';
import type { ApplicationOptions, StrategyFactory } from './application-options.js';
import {
  cipherKeySetting,
  compressionSetting,
  persistenceSetting,
  snapshotIntervalSetting,
} from './application-settings.js';
import { defaultPersistence } from './default-persistence.js';
import { toOutboxMessage, type MessageInit } from './message-init.js';
import { operationAttributes, recordOperation, saveAttributes } from './save-telemetry.js';

const memory: StrategyFactory = () => new InMemoryStrategy();

/** What else {@link Application.record} writes in the same atomic append as the events. */
export interface RecordOptions {
  /** Marks an upstream position as processed, exactly once. */
  readonly tracking?: Tracking | undefined;
  /** Messages written to the outbox with the events. */
  readonly outbox?: readonly OutboxMessage[] | undefined;
}

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
  /**
   * The aggregate classes this application stores; their topics are registered at construction, so the
   * notification log can decode their events before any is saved or loaded here. Classes saved or loaded
   * are registered then too.
   */
  static readonly aggregates: readonly AggregateClass[] = [];

  /** The application's name: its log's name for followers, and the prefix of its environment variables. */
  readonly name: string;
  /** Where the application and its parts log; silent unless one is passed. */
  readonly logger: Logger;
  /** The settings, read from the options, then the environment, then the defaults. */
  readonly settings: Settings;
  /** The event and aggregate classes by topic, for decoding stored records. */
  readonly topics = new TopicRegistry();
  /** The storage all reads and writes go through. */
  readonly strategy: ActiveRecordStrategy;
  /** Turns events and snapshots into stored records and back (transcoding, compression, encryption). */
  readonly mapper: Mapper;
  /** Appends and reads the events of aggregates. */
  readonly eventStore: EventStore;
  /** Rebuilds aggregates from their snapshots and events. */
  readonly repository: Repository;
  /** Every saved event in the order of its position, for followers. */
  readonly notificationLog: NotificationLog;
  /** Tells subscribers of the events of each save, after it commits. */
  readonly bus: EventBus;
  /** Takes snapshots every so many events, per aggregate class. */
  readonly snapshotting: SnapshottingPolicy;
  readonly #policies = new Set<PersistencePolicy>();
  readonly #registered = new WeakSet<AggregateClass>();
  readonly #inFlight = new Set<Promise<unknown>>();
  /** The events of saves not yet committed, by the `origin` their append was given. */
  readonly #uncommitted = new WeakMap<object, readonly DomainEvent[]>();
  /** Bus publications of committed saves still running, by origin. */
  readonly #publications = new Map<object, Promise<void>>();
  readonly #stopListening: () => void;
  /** The attributes of every measurement of this application's appends and loads. */
  readonly #appendAttributes: TelemetryAttributes;
  readonly #loadAttributes: TelemetryAttributes;
  #closing: Promise<void> | undefined;

  constructor(options: ApplicationOptions = {}) {
    this.name = options.name ?? new.target.name;
    this.logger = tracedLogger(options.logger ?? silentLogger).child({ application: this.name });
    this.settings = new Settings(this.name, options.env ?? process.env);
    for (const aggregateClass of new.target.aggregates) this.#register(aggregateClass);
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
    this.bus = new EventBus(this.logger.child({ component: 'bus' }));
    this.snapshotting = new SnapshottingPolicy(snapshotInterval, this.mapper, this.strategy, this.logger);
    this.#policies.add(this.snapshotting);
    this.repository = new Repository(this.eventStore, (cls) => this.snapshotting.intervalFor(cls) > 0);
    this.#stopListening = this.strategy.onCommit((commit) => this.#committed(commit));
    this.#appendAttributes = operationAttributes(this.name, this.strategy, 'append');
    this.#loadAttributes = operationAttributes(this.name, this.strategy, 'load');
  }

  /**
   * Stores the pending events of all the aggregates in one atomic append (all or none). Subscribers of the
   * bus hear of them once they are committed: before this resolves when the save commits on its own, when
   * the caller's transaction commits when the save joined one, and never when that rolls back. When the
   * append fails the aggregates keep their pending events.
   * @throws RecordConflictError when another save stored one of these versions first.
   * @throws ValidationError, before anything is written, when an event's class is missing from its
   *   aggregate's `events`, so it could never be read back.
   */
  save(...aggregates: Aggregate[]): Promise<Recording[]> {
    return this.record(aggregates);
  }

  /** Like {@link save}, with a tracking record or outbox messages written in the same append. */
  async record(aggregates: readonly Aggregate[], options: RecordOptions = {}): Promise<Recording[]> {
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
   * Puts messages in the outbox: they commit with the caller's transaction when it has one (a row of the
   * user's own and the message about it commit together or not at all), else on their own, and the relay
   * delivers them after commit, in order per ordering key. No aggregate is involved.
   * @example
   * ```ts
   * await orm.em.transactional(async (em) => {
   *   em.persist(invoice);
   *   await app.enqueue({ exchange: 'billing', routingKey: 'invoice.issued', json: { id: invoice.id } });
   * });
   * ```
   */
  async enqueue(...messages: MessageInit[]): Promise<OutboxMessage[]> {
    if (!hasOutbox(this.strategy)) {
      throw new NotSupportedError(`the ${this.strategy.name} strategy has no outbox`);
    }
    const outbox = messages.map(toOutboxMessage);
    await this.record([], { outbox });
    return outbox;
  }

  /** Adds a persistence policy: every save from then on asks it what else to write. @returns a function that removes it */
  addPolicy(policy: PersistencePolicy): () => void {
    this.#policies.add(policy);
    return () => this.#policies.delete(policy);
  }

  /** Rebuilds an aggregate from its snapshot and events. */
  async get<A extends Aggregate>(
    aggregateClass: AggregateClass<A>,
    id: string,
    options?: GetOptions,
  ): Promise<A> {
    this.#register(aggregateClass);
    const attributes = this.#loadAttributes;
    const spanAttributes = () => ({
      ...attributes,
      'annals.aggregate.id': id,
      'annals.aggregate.type': aggregateClass.topic,
    });
    return inSpan('annals.load', { kind: 'client', attributes: spanAttributes }, async (span) => {
      const started = performance.now();
      try {
        const aggregate = await this.repository.get(aggregateClass, id, options);
        recordOperation(attributes, started, {});
        span.setAttributes({ 'annals.aggregate.version': aggregate.version });
        return aggregate;
      } catch (error) {
        recordOperation(attributes, started, { error });
        throw error;
      }
    });
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
      this.#stopListening();
      await Promise.allSettled(this.#publications.values());
      await this.strategy.close();
    })();
    return this.#closing;
  }

  /** Closes the application, as {@link Application.close} does: `await using app = …` calls it. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #record(aggregates: readonly Aggregate[], options: RecordOptions): Promise<Recording[]> {
    const pending = new Map<Aggregate, DomainEvent[]>();
    const events: DomainEvent[] = [];
    for (const aggregate of aggregates) {
      const saved = [...aggregate.pendingEvents];
      this.#register(aggregate.constructor as AggregateClass);
      this.#assertReadable(aggregate, saved);
      pending.set(aggregate, saved);
      events.push(...saved);
    }
    const outbox = [...(options.outbox ?? [])];
    for (const policy of this.#policies)
      if (policy.outboxMessages) outbox.push(...policy.outboxMessages(events));
    if (events.length === 0 && !options.tracking && outbox.length === 0) return [];
    const attributes = this.#appendAttributes;
    const spanAttributes = () => ({
      ...attributes,
      ...saveAttributes([...pending.keys()], events.length, outbox.length),
    });
    const origin = {};
    const recordings = await inSpan('annals.save', { kind: 'client', attributes: spanAttributes }, (span) =>
      this.#append(
        events,
        { tracking: options.tracking, outbox: withTraceContext(outbox), origin },
        attributes,
        span,
      ),
    );
    const previousVersions = new Map<Aggregate, number>();
    for (const [aggregate, saved] of pending) {
      aggregate.markSaved(saved);
      previousVersions.set(aggregate, aggregate.version - saved.length);
    }
    for (const policy of this.#policies) await policy.afterSave?.(previousVersions);
    const publication = this.#publications.get(origin);
    if (publication) await publication;
    return recordings;
  }

  async #append(
    events: readonly DomainEvent[],
    options: { tracking: Tracking | undefined; outbox: readonly OutboxMessage[]; origin: object },
    attributes: TelemetryAttributes,
    span: TracedSpan,
  ): Promise<Recording[]> {
    this.#uncommitted.set(options.origin, events);
    const started = performance.now();
    try {
      const recordings = await this.eventStore.put(events, options);
      recordOperation(attributes, started, { events: events.length });
      span.setAttributes({
        'annals.position.first': recordings.find(hasPosition)?.position,
        'annals.position.last': recordings.findLast(hasPosition)?.position,
      });
      return recordings;
    } catch (error) {
      recordOperation(attributes, started, { error });
      throw error;
    }
  }

  /** Tells the bus of a committed save of this application. */
  #committed(commit: Commit): void {
    const events = commit.origin && this.#uncommitted.get(commit.origin);
    if (!commit.origin || !events) return;
    const { origin } = commit;
    this.#uncommitted.delete(origin);
    if (events.length === 0 || !this.bus.subscribed) return;
    const recordings = events.map((event, index) => ({ event, position: commit.positions[index] }));
    const publication = this.bus.publish(recordings).finally(() => this.#publications.delete(origin));
    this.#publications.set(origin, publication);
  }

  #register(aggregateClass: AggregateClass): void {
    if (this.#registered.has(aggregateClass)) return;
    this.topics.registerAggregate(aggregateClass);
    this.#registered.add(aggregateClass);
  }

  /** Refuses events whose topic would not read back as their own class. */
  #assertReadable(aggregate: Aggregate, events: readonly DomainEvent[]): void {
    for (const event of events) {
      const eventClass = event.constructor as EventClass;
      if (this.topics.findEventClass(event.topic) === eventClass) continue;
      const aggregateClass = aggregate.constructor as AggregateClass;
      throw new ValidationError(
        `${aggregateClass.name} triggered ${eventClass.name} (topic "${event.topic}"), which is not in ` +
          `${aggregateClass.name}.events, so a stored ${event.topic} event could never be read back: ` +
          `add ${eventClass.name} to ${aggregateClass.name}.events`,
      );
    }
  }

  #buildStrategy(options: ApplicationOptions): ActiveRecordStrategy {
    const factories: Record<string, StrategyFactory> = { memory, ...options.strategies };
    const setting = persistenceSetting(Object.keys(factories));
    const persistence = this.settings.resolve(setting, options.persistence, defaultPersistence());
    const factory = factories[persistence];
    if (!factory) {
      throw new ConfigurationError(
        'persistence',
        `setting "persistence" is not set (${this.settings.environmentNames('persistence').join(', ')}), so ` +
          'outside tests it is "sqlite", the embedded default, for which no strategy factory was passed: pass ' +
          '{ strategies: { sqlite: sqlitePersistence } } from @annals/mikro-orm/sqlite, or set it',
      );
    }
    return factory({ name: this.name, settings: this.settings, logger: this.logger });
  }
}

/** The messages with the trace context of the save, so that their consumers' handling joins its trace. */
function withTraceContext(outbox: readonly OutboxMessage[]): readonly OutboxMessage[] {
  const trace = outbox.length === 0 ? {} : activeTraceHeaders();
  if (Object.keys(trace).length === 0) return outbox;
  return outbox.map((message) => ({ ...message, headers: { ...trace, ...message.headers } }));
}

function hasPosition(recording: Recording): boolean {
  return recording.position !== undefined;
}
