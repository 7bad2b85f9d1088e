import { ClosedError, isRecordConflictError, TimeoutError, ValidationError } from '../errors/index.js';
import type { DomainEvent } from '../events/index.js';
import { silentLogger, tracedLogger, type Logger } from '../logging/index.js';
import { hasLeases, type CheckpointKey, type LeaseStore } from '../storage/index.js';
import { abortableSleep } from './abortable-sleep.js';
import { Follower } from './follower.js';
import type { LogSource } from './log-source.js';
import { inSpan } from '../telemetry/span.js';
import { partitionOf } from './partition.js';
import { observeProjectionLag } from './projection-telemetry.js';
import type { ProjectionRunnerOptions, ProjectionStrategy } from './projection-runner-options.js';
import { projectionStatus, type ProjectionStatus } from './projection-status.js';
import type { Projection } from './projection.js';
import type { RebuildOptions, WaitForOptions } from './rebuild-options.js';

/**
 * Runs a projection: it follows the upstream log from its checkpoint to the head in batches, then wakes on
 * new commits (this process's at once, other processes' where the strategy hears of them, else by
 * polling). Each batch's read-model writes and its checkpoint commit in one transaction of the store, and
 * the checkpoint moves by compare-and-set, so every event changes the read model exactly once, across
 * crashes and competing processes. One process at a time runs each partition, under a lease; when it dies,
 * another takes over.
 *
 * @example
 * ```ts
 * const runner = new ProjectionRunner({
 *   projection: balances,
 *   source: new ApplicationLog(bank),
 *   store: strategy,
 *   context: () => strategy.orm.em.getContext(),
 * });
 * await runner.start();
 * const [recording] = await bank.save(account);
 * await runner.waitFor(recording.position);
 * ```
 */
export class ProjectionRunner<C = void> implements AsyncDisposable {
  /** The projection it runs. */
  readonly projection: Projection<C>;
  /** The upstream log it follows. */
  readonly source: LogSource;
  /** Where the projection's record and checkpoints are kept. */
  readonly store: ProjectionStrategy;
  /** How many partitions the projection is split into, by aggregate id (1 when it is not). */
  readonly partitions: number;
  readonly #options: ProjectionRunnerOptions<C>;
  readonly #logger: Logger;
  readonly #leases: LeaseStore | undefined;
  readonly #followers = new Map<number, Follower>();
  readonly #moved = new Set<() => void>();
  /**
   * The checkpoints this runner last moved, by generation and partition, so a live batch skips reading
   * its own checkpoint back. The move is a compare-and-set, so a stale entry costs a rolled-back batch.
   */
  readonly #checkpoints = new Map<string, number>();
  #unwatch: (() => Promise<void>) | undefined;
  #unobserve: (() => void) | undefined;
  #started: Promise<void> | undefined;
  #stopped = false;

  constructor(options: ProjectionRunnerOptions<C>) {
    this.projection = options.projection;
    this.source = options.source;
    this.source.registerEvents(this.projection.eventClasses);
    this.store = options.store;
    this.partitions = options.partitions ?? 1;
    for (const [name, value] of Object.entries({
      partitions: this.partitions,
      batchSize: options.batchSize ?? 1,
      maxPartitions: options.maxPartitions ?? 1,
    })) {
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new ValidationError(`${name} must be a positive integer; got ${String(value)}`);
      }
    }
    this.#options = options;
    this.#logger = tracedLogger(options.logger ?? silentLogger).child({
      component: 'projection',
      projection: this.projection.name,
    });
    this.#leases = hasLeases(options.store) ? options.store : undefined;
  }

  /** Registers the projection and starts following; resolves once the runners are started, not caught up. */
  start(): Promise<void> {
    if (this.#stopped) throw new ClosedError(`projection runner ${this.projection.name}`);
    this.#started ??= (async () => {
      await this.store.registerProjection(this.projection.name);
      const limit = Math.min(this.#options.maxPartitions ?? this.partitions, this.partitions);
      for (let partition = 0; partition < this.partitions; partition++) {
        const follower = new Follower({
          lease: `projection:${this.projection.name}:${partition}`,
          leases: this.#leases,
          pollInterval: this.#options.pollInterval ?? 1000,
          leaseRetry: this.#options.leaseRetry ?? 1000,
          logger: this.#logger,
          step: this.#stepper(partition),
        });
        this.#followers.set(partition, follower);
      }
      this.#unobserve = observeProjectionLag(() => this.status());
      this.#unwatch = await this.source.watch(() => {
        for (const follower of this.#followers.values()) follower.wake();
      });
      let running = 0;
      for (const follower of this.#followers.values()) {
        if (running++ < limit) follower.start();
      }
    })();
    return this.#started;
  }

  /** Stops following; a batch in progress finishes first. Safe to call more than once. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#started?.catch(() => undefined);
    this.#unobserve?.();
    await this.#unwatch?.();
    this.#unwatch = undefined;
    await Promise.all([...this.#followers.values()].map((follower) => follower.stop()));
  }

  /** Stops the runner, as {@link ProjectionRunner.stop} does. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  /** Where the projection stands: its checkpoints against the upstream head, and its lag. */
  async status(): Promise<ProjectionStatus> {
    return projectionStatus({
      store: this.store,
      source: this.source,
      name: this.projection.name,
      partitions: this.partitions,
      stateOf: (partition) => this.#followers.get(partition)?.state,
    });
  }

  /** The generation of the read model that is served now: the one queries should read. */
  async generation(): Promise<number> {
    return (await this.store.registerProjection(this.projection.name)).generation;
  }

  /**
   * Waits until the served generation has processed the upstream log up to `position` (read-your-writes:
   * pass the position a save returned). Waits on this process's batches, and reads the checkpoints of
   * other processes' batches.
   * @throws TimeoutError when it has not within the timeout
   */
  async waitFor(position: number | undefined, options: WaitForOptions = {}): Promise<void> {
    if (position === undefined) return;
    const timeout = options.timeout ?? 5000;
    const deadline = AbortSignal.timeout(timeout);
    let interval = 5;
    while (!(await this.#reached(position))) {
      if (deadline.aborted) {
        throw new TimeoutError(
          `projection ${this.projection.name} had not processed position ${position} after ${timeout} ms`,
          timeout,
        );
      }
      await this.#movedOrAfter(interval, deadline);
      interval = Math.min(interval * 2, 100);
    }
  }

  /**
   * Rebuilds the read model from position 0 into the next generation while the served one keeps serving,
   * then switches to it and tears the old one down (blue-green). A rebuild that was interrupted continues.
   * @returns the generation now served
   */
  async rebuild(options: RebuildOptions = {}): Promise<number> {
    const { name } = this.projection;
    const record = await this.store.registerProjection(name);
    const generation = record.rebuilding ?? record.generation + 1;
    if (record.rebuilding === undefined) await this.store.updateProjection(name, { rebuilding: generation });
    const signal = options.signal ?? new AbortController().signal;
    // Up to the head as it is now: what is appended meanwhile, the live runners project after the switch,
    // so a rebuild ends even while writes keep coming.
    const head = await this.source.maxPosition();
    for (;;) {
      if (signal.aborted) return record.generation;
      let position = Number.POSITIVE_INFINITY;
      for (let partition = 0; partition < this.partitions; partition++) {
        const key = { projection: name, generation, partition };
        position = Math.min(position, await this.#batch(key, head));
      }
      options.onProgress?.({ generation, position, head });
      if (position >= head) break;
    }
    const served = (await this.store.registerProjection(name)).generation;
    await this.store.transaction(async () => {
      await this.store.updateProjection(name, { generation, rebuilding: null });
    });
    await this.store.transaction(() => this.projection.discard(this.#options.context(), served));
    await this.store.deleteCheckpoints(name, served);
    this.#logger.info({ generation, replaced: served }, 'rebuilt');
    return generation;
  }

  /** Stops processing in every process until {@link resume}. */
  async pause(): Promise<void> {
    await this.store.updateProjection(this.projection.name, { paused: true });
  }

  /** Resumes a paused projection in every process, and wakes this process's followers. */
  async resume(): Promise<void> {
    await this.store.updateProjection(this.projection.name, { paused: false });
    for (const follower of this.#followers.values()) follower.wake();
  }

  #stepper(partition: number): (signal: AbortSignal) => Promise<boolean> {
    let tenure: AbortSignal | undefined;
    return async (signal) => {
      if (signal !== tenure) {
        // A new lease: other processes may have moved this partition's checkpoints while it was theirs.
        tenure = signal;
        for (const known of this.#checkpoints.keys()) {
          if (known.endsWith(`:${partition}`)) this.#checkpoints.delete(known);
        }
      }
      const { name } = this.projection;
      const record = await this.store.registerProjection(name);
      if (record.paused) return false;
      const key = { projection: name, generation: record.generation, partition };
      const head = await this.source.maxPosition();
      try {
        return (await this.#batch(key, head)) < head;
      } catch (error) {
        // A rebuild switched generations and tore this one down under the batch: go on with the new one.
        if ((await this.store.registerProjection(name)).generation !== key.generation) return true;
        throw error;
      }
    };
  }

  /**
   * Processes one batch after the checkpoint, up to `head`, and moves the checkpoint in the same
   * transaction. @returns the checkpoint's position afterwards
   */
  async #batch(key: CheckpointKey, head: number): Promise<number> {
    const { projection, source, store } = this;
    const known = `${key.generation}:${key.partition}`;
    const from = this.#checkpoints.get(known) ?? (await store.checkpoint(key));
    if (from >= head) return from;
    const limit = this.#options.batchSize ?? 500;
    const page = await source.select({ start: from + 1, limit, stop: head, topics: projection.topics });
    const to = page.length < limit ? head : (page.at(-1)?.position ?? head);
    const events: { event: DomainEvent; position: number }[] = [];
    for (const notification of page) {
      if (partitionOf(notification.originatorId, this.partitions) !== key.partition) continue;
      events.push({ event: source.decode(notification), position: notification.position });
    }
    const attributes = {
      'annals.projection': key.projection,
      'annals.projection.generation': key.generation,
      'annals.projection.partition': key.partition,
      'annals.position.first': from + 1,
      'annals.position.last': to,
      'annals.event.count': events.length,
    };
    try {
      await inSpan('annals.project', { attributes }, () =>
        store.transaction(async () => {
          const context = this.#options.context();
          if (from === 0) await projection.prepare(context, key.generation);
          for (const { event, position } of events) {
            await projection.handle(event, context, { generation: key.generation, position });
          }
          await store.moveCheckpoint(key, from, to);
        }),
      );
    } catch (error) {
      this.#checkpoints.delete(known);
      // Another process moved the checkpoint first: its batch counts, ours rolled back.
      if (isRecordConflictError(error)) return store.checkpoint(key);
      throw error;
    }
    this.#checkpoints.set(known, to);
    for (const moved of this.#moved) moved();
    return to;
  }

  async #reached(position: number): Promise<boolean> {
    const { generation } = await this.store.registerProjection(this.projection.name);
    for (let partition = 0; partition < this.partitions; partition++) {
      const key = { projection: this.projection.name, generation, partition };
      if ((await this.store.checkpoint(key)) < position) return false;
    }
    return true;
  }

  async #movedOrAfter(ms: number, signal: AbortSignal): Promise<void> {
    const moved = new AbortController();
    const wake = (): void => moved.abort();
    this.#moved.add(wake);
    try {
      await abortableSleep(ms, AbortSignal.any([signal, moved.signal]));
    } finally {
      this.#moved.delete(wake);
    }
  }
}
