import { setTimeout as sleep } from 'node:timers/promises';
import type { ReadBarrier } from '../dialect/dialect.js';
import type { Query } from '../internal/executor.js';

/**
 * How far the notification log can be read without skipping a position: up to the last position drawn,
 * once every transaction that may hold a position up to it has ended. Where writers commit in position
 * order (SQLite, no `barrier`), the whole log.
 */
export class SettledLog {
  readonly #barrier: ReadBarrier | undefined;
  readonly #query: Query;
  readonly #timeout: number;
  #settled = 0;

  /** @param timeout how long to wait for writers still in flight before settling for {@link settled} */
  constructor(barrier: ReadBarrier | undefined, query: Query, timeout: number) {
    this.#barrier = barrier;
    this.#query = query;
    this.#timeout = timeout;
  }

  /** The highest position known to have no uncommitted position below it. Never decreases. */
  get settled(): number {
    return this.#barrier ? this.#settled : Number.MAX_SAFE_INTEGER;
  }

  /** Waits for the writers in flight now, then returns the new {@link settled}. */
  async settle(): Promise<number> {
    const barrier = this.#barrier;
    if (!barrier) return Number.MAX_SAFE_INTEGER;
    const [drawn] = await this.#query<{ position: number | string }>(barrier.lastDrawnPosition());
    const candidate = Number(drawn?.position ?? 0);
    const deadline = Date.now() + this.#timeout;
    let writers = await this.#query<{ writer: string }>(barrier.writersInFlight());
    while (writers.length > 0) {
      if (Date.now() > deadline) return this.#settled;
      await sleep(1);
      const among = writers.map((row) => row.writer);
      writers = await this.#query<{ writer: string }>(barrier.writersInFlight(among));
    }
    this.#settled = Math.max(this.#settled, candidate);
    return this.#settled;
  }
}
