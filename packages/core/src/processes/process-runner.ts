import { isRecordConflictError, NotSupportedError, TimeoutError } from '../errors/index.js';
import { hasLeases, hasTracking, type TrackingStore } from '../storage/index.js';
import { abortableSleep } from '../projections/abortable-sleep.js';
import { Follower, type FollowerState } from '../projections/follower.js';
import type { LogSource } from '../projections/log-source.js';
import type { WaitForOptions } from '../projections/rebuild-options.js';
import { tracedLogger, type Logger } from '../logging/index.js';
import type { ProcessApplication } from './process-application.js';

/** Options of a {@link ProcessRunner}. */
export interface ProcessRunnerOptions {
  /** The process application that reacts to the upstream's events. */
  readonly app: ProcessApplication;
  /** The upstream log, e.g. `new ApplicationLog(bank)` or an `HttpLog`. */
  readonly source: LogSource;
  /** How many notifications to read per query. @default 500 */
  readonly batchSize?: number | undefined;
  /** How long to sleep when nothing wakes the runner, in ms: the polling fallback. @default 1000 */
  readonly pollInterval?: number | undefined;
  /** How often to try again for a lease another process holds, in ms. @default 1000 */
  readonly leaseRetry?: number | undefined;
  /** @default the application's logger */
  readonly logger?: Logger | undefined;
}

/** Where a process application stands against one upstream log. */
export interface ProcessStatus {
  /** The process application's name. */
  readonly application: string;
  /** The name of the upstream application it follows. */
  readonly upstream: string;
  /** The last upstream position processed. */
  readonly position: number;
  /** The head of the upstream log. */
  readonly head: number;
  /** What this process's runner is doing. */
  readonly state: FollowerState;
}

/**
 * Feeds a process application the events of one upstream log, from its tracking position on, one at a
 * time and in order; it wakes on new commits like a projection runner, and one process at a time follows
 * each upstream, under a lease.
 */
export class ProcessRunner implements AsyncDisposable {
  /** The process application that reacts to the upstream's events. */
  readonly app: ProcessApplication;
  /** The upstream log. */
  readonly source: LogSource;
  readonly #tracking: TrackingStore;
  readonly #follower: Follower;
  readonly #batchSize: number;
  readonly #processed = new Set<() => void>();
  #unwatch: (() => Promise<void>) | undefined;
  #started: Promise<void> | undefined;

  constructor(options: ProcessRunnerOptions) {
    const { app, source } = options;
    const { strategy } = app;
    if (!hasTracking(strategy)) {
      throw new NotSupportedError(
        `${app.name} cannot follow ${source.name}: the ${strategy.name} strategy keeps no tracking records`,
      );
    }
    this.app = app;
    this.source = source;
    source.registerEvents(app.policy.eventClasses);
    this.#tracking = strategy;
    this.#batchSize = options.batchSize ?? 500;
    this.#follower = new Follower({
      lease: `process:${app.name}:${source.name}`,
      leases: hasLeases(strategy) ? strategy : undefined,
      pollInterval: options.pollInterval ?? 1000,
      leaseRetry: options.leaseRetry ?? 1000,
      logger: tracedLogger(options.logger ?? app.logger).child({
        component: 'process',
        follows: source.name,
      }),
      step: (signal) => this.#step(signal),
    });
  }

  /** Starts following; resolves once started, not caught up. */
  start(): Promise<void> {
    this.#started ??= (async () => {
      this.#unwatch = await this.source.watch(() => this.#follower.wake());
      this.#follower.start();
    })();
    return this.#started;
  }

  /** Stops following; the event in progress finishes first. Safe to call more than once. */
  async stop(): Promise<void> {
    await this.#started?.catch(() => undefined);
    await this.#unwatch?.();
    this.#unwatch = undefined;
    await this.#follower.stop();
  }

  /** Stops the runner, as {@link ProcessRunner.stop} does. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  /** Where the process application stands against its upstream log. */
  async status(): Promise<ProcessStatus> {
    return {
      application: this.app.name,
      upstream: this.source.name,
      position: await this.#tracking.maxTrackingPosition(this.source.name),
      head: await this.source.maxPosition(),
      state: this.#follower.state,
    };
  }

  /**
   * Waits until the application has processed the upstream log up to `position`: every event there is
   * up to it, or one of them after it.
   * @throws TimeoutError when it has not within the timeout
   */
  async waitFor(position: number, options: WaitForOptions = {}): Promise<void> {
    const timeout = options.timeout ?? 5000;
    const deadline = AbortSignal.timeout(timeout);
    let interval = 5;
    while (!(await this.#passed(position))) {
      if (deadline.aborted) {
        throw new TimeoutError(
          `${this.app.name} had not processed ${this.source.name} up to ${position} after ${timeout} ms`,
          timeout,
        );
      }
      const processed = new AbortController();
      const wake = (): void => processed.abort();
      this.#processed.add(wake);
      await abortableSleep(interval, AbortSignal.any([deadline, processed.signal]));
      this.#processed.delete(wake);
      interval = Math.min(interval * 2, 100);
    }
  }

  async #passed(position: number): Promise<boolean> {
    const tracked = await this.#tracking.maxTrackingPosition(this.source.name);
    if (tracked >= position) return true;
    const [unprocessed] = await this.source.select({
      start: tracked + 1,
      limit: 1,
      stop: position,
      topics: this.app.policy.topics,
    });
    return unprocessed === undefined;
  }

  async #step(signal: AbortSignal): Promise<boolean> {
    const { app, source } = this;
    const from = await this.#tracking.maxTrackingPosition(source.name);
    const page = await source.select({ start: from + 1, limit: this.#batchSize, topics: app.policy.topics });
    for (const notification of page) {
      if (signal.aborted) return false;
      try {
        await app.process(source.decode(notification), source.name, notification.position);
      } catch (error) {
        // Processed by another process already (its tracking record exists): ours rolled back, go on.
        const tracked = await this.#tracking.maxTrackingPosition(source.name);
        if (!isRecordConflictError(error) || tracked < notification.position) throw error;
      }
      for (const processed of this.#processed) processed();
    }
    return page.length === this.#batchSize;
  }
}
