import { randomUUID } from 'node:crypto';
import type { CassandraStrategy } from '@annals/cassandra';
import { isOperationalError } from '@annals/core';
import { until } from './until.js';

/** Options of {@link Writers}. */
export interface WritersOptions {
  readonly writers: number;
  /** Aggregates each writer saves to, in turn. */
  readonly aggregatesPerWriter: number;
}

/**
 * Writers that save one event at a time to aggregates of their own until stopped, and remember every save
 * that was acknowledged. A save that fails with an operational error (a node gone, an outcome unknown) is
 * not acknowledged: the writer reads the aggregate's latest version and goes on from there. Any other
 * error stops the writers and fails the waits.
 */
export class Writers {
  /** Aggregate id → version → the state of that acknowledged save. */
  readonly acknowledged = new Map<string, Map<number, string>>();
  /** The distinct messages of the saves that failed. */
  readonly failureMessages = new Set<string>();
  failures = 0;
  #count = 0;
  #stopping = false;
  readonly #done: Promise<void>;

  constructor(
    private readonly strategy: CassandraStrategy,
    options: WritersOptions,
  ) {
    this.#done = Promise.all(
      Array.from({ length: options.writers }, (_, writer) =>
        this.#write(writer, options.aggregatesPerWriter),
      ),
    ).then(() => undefined);
    // A writer's failure surfaces through the waits and stop(); this keeps it from being unhandled before.
    this.#done.catch(() => undefined);
  }

  /** How many saves were acknowledged so far. */
  get count(): number {
    return this.#count;
  }

  /** Waits until `count` saves are acknowledged in all. */
  async acknowledgedAtLeast(count: number, timeout: number): Promise<void> {
    await Promise.race([
      until(`${count} acknowledged saves (${this.#count} so far)`, async () => this.#count >= count, timeout),
      this.#done.then(() => {
        throw new Error('the writers stopped');
      }),
    ]);
  }

  /** Stops the writers after their saves in flight; throws what stopped one of them, if anything did. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#done;
  }

  async #write(writer: number, aggregates: number): Promise<void> {
    const heads = new Map(Array.from({ length: aggregates }, () => [randomUUID(), 0] as [string, number]));
    const ids = [...heads.keys()];
    for (let save = 0; !this.#stopping; save++) {
      const id = ids[save % ids.length] as string;
      const version = (heads.get(id) ?? 0) + 1;
      const state = `writer ${writer} save ${save}`;
      try {
        await this.strategy.append([
          { originatorId: id, originatorVersion: version, topic: 'Cluster.Saved', state: Buffer.from(state) },
        ]);
      } catch (error) {
        if (!isOperationalError(error)) throw error;
        this.failures++;
        this.failureMessages.add(error.message);
        heads.set(id, await this.#latestVersion(id));
        continue;
      }
      heads.set(id, version);
      let versions = this.acknowledged.get(id);
      if (!versions) this.acknowledged.set(id, (versions = new Map<number, string>()));
      versions.set(version, state);
      this.#count++;
    }
  }

  /** The aggregate's latest stored version, read at the strategy's consistency; retried while nodes fail. */
  async #latestVersion(id: string): Promise<number> {
    let latest = 0;
    await until(
      `reading the latest version of ${id}`,
      async () => {
        const [event] = await this.strategy.selectEvents(id, { desc: true, limit: 1 });
        latest = event?.originatorVersion ?? 0;
        return true;
      },
      60_000,
    );
    return latest;
  }
}
