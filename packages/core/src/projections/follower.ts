import type { Logger } from '../logging/index.js';
import type { Lease, LeaseStore } from '../storage/index.js';
import { abortableSleep } from './abortable-sleep.js';
import { backoff } from './backoff.js';
import { WakeUp } from './wake-up.js';

/** Options of a {@link Follower}. */
export interface FollowerOptions {
  /** The lease that makes this follower the one active instance. */
  readonly lease: string;
  /** Where leases are taken; without one, the follower runs as if it held the lease. */
  readonly leases: LeaseStore | undefined;
  /** How long to sleep when there is nothing to read and nothing wakes the follower, in ms. */
  readonly pollInterval: number;
  /** How long to wait before trying again for a lease another process holds, in ms. */
  readonly leaseRetry: number;
  /** Where failed steps and lease changes are logged. */
  readonly logger: Logger;
  /**
   * Reads and processes what there is; aborted when the lease is lost or the follower stops.
   * @returns true when there may be more to read at once
   */
  readonly step: (signal: AbortSignal) => Promise<boolean>;
}

/** What a follower is doing. */
export type FollowerState = 'waiting-for-lease' | 'following' | 'failing' | 'stopped';

/**
 * Runs one follower loop: takes its lease (waiting while another process holds it), then reads and
 * processes until stopped, sleeping when idle until woken or the poll interval passes. A failing step is
 * retried with backoff; a lost lease sends it back to waiting for one.
 */
export class Follower {
  readonly #wakeUp = new WakeUp();
  readonly #options: FollowerOptions;
  readonly #stopping = new AbortController();
  #running: Promise<void> | undefined;
  #state: FollowerState = 'waiting-for-lease';
  #lastError: unknown;

  constructor(options: FollowerOptions) {
    this.#options = options;
  }

  /** What the follower is doing now. */
  get state(): FollowerState {
    return this.#state;
  }

  /** The error of the last failed step, while steps fail. */
  get lastError(): unknown {
    return this.#state === 'failing' ? this.#lastError : undefined;
  }

  /** Starts following; calling it again does nothing. */
  start(): void {
    this.#running ??= this.#run();
  }

  /**
   * Ends the sleep between reads (or the next one, when a read is in progress), so a new commit is read
   * without waiting for the poll interval.
   */
  wake(): void {
    this.#wakeUp.wake();
  }

  /** Stops following, waits for the step in progress and releases the lease. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    this.#wakeUp.wake();
    await this.#running;
    this.#state = 'stopped';
  }

  async #run(): Promise<void> {
    const stopping = this.#stopping.signal;
    while (!stopping.aborted) {
      const lease = await this.#takeLease();
      if (!lease) {
        await abortableSleep(this.#options.leaseRetry, stopping);
        continue;
      }
      try {
        await this.#follow(AbortSignal.any([stopping, lease.signal]));
      } finally {
        await lease.release().catch((error: unknown) => {
          this.#options.logger.warn({ lease: lease.name, err: error }, 'a lease could not be released');
        });
      }
      if (!stopping.aborted) this.#state = 'waiting-for-lease';
    }
  }

  async #takeLease(): Promise<Lease | undefined> {
    const { leases, lease: name, logger } = this.#options;
    if (!leases) return { name, signal: new AbortController().signal, release: async () => undefined };
    try {
      return await leases.tryLease(name);
    } catch (error) {
      logger.warn({ lease: name, err: error }, 'a lease could not be taken');
      return undefined;
    }
  }

  async #follow(signal: AbortSignal): Promise<void> {
    const { pollInterval, logger } = this.#options;
    let failures = 0;
    this.#state = 'following';
    while (!signal.aborted) {
      try {
        const more = await this.#options.step(signal);
        failures = 0;
        this.#state = 'following';
        if (!more) await this.#wakeUp.sleep(pollInterval, signal);
      } catch (error) {
        if (signal.aborted) return;
        failures += 1;
        this.#state = 'failing';
        this.#lastError = error;
        const delay = backoff(failures, 100, 30_000);
        logger.error(
          { lease: this.#options.lease, failures, delay, err: error },
          'a follower step failed; retrying',
        );
        await abortableSleep(delay, signal);
      }
    }
  }
}
