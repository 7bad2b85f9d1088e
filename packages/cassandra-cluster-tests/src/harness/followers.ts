import { setTimeout as sleep } from 'node:timers/promises';
import type { CassandraStrategy } from '@annals/cassandra';
import { isOperationalError } from '@annals/core';

/**
 * Followers that read the log page after page while the cluster loses and regains a node, as a projection
 * runner would: a read that fails with an operational error (a node gone) is tried again. Each remembers
 * the positions it read, in the order read.
 */
export class Followers {
  readonly seen: number[][];
  #stopAt = Number.POSITIVE_INFINITY;
  readonly #done: Promise<void>;

  constructor(
    private readonly strategy: CassandraStrategy,
    followers: number,
  ) {
    this.seen = Array.from({ length: followers }, () => []);
    this.#done = Promise.all(this.seen.map((seen) => this.#follow(seen))).then(() => undefined);
    this.#done.catch(() => undefined);
  }

  /** Lets the followers read up to `position`, the log's last once the writers stopped, and waits for them. */
  async finish(position: number, timeout: number): Promise<void> {
    this.#stopAt = position;
    const deadline = sleep(timeout).then(() => {
      throw new Error(`the followers had not read up to ${position} after ${timeout} ms`);
    });
    await Promise.race([this.#done, deadline]);
  }

  async #follow(seen: number[]): Promise<void> {
    let last = 0;
    while (last < this.#stopAt) {
      const page = await this.strategy
        .selectNotifications({ start: last + 1, limit: 500 })
        .catch((error: unknown) => {
          if (!isOperationalError(error)) throw error;
          return [];
        });
      for (const { position } of page) {
        seen.push(position);
        last = position;
      }
      if (page.length === 0) await sleep(5);
    }
  }
}
