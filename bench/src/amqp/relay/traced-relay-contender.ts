import type { Contender } from '../../harness/index.js';
import { AnnalsRelayContender, ROWS_PER_SAVE } from './annals-relay-contender.js';
import { installOpenTelemetrySdk, type InstalledSdk } from './opentelemetry-sdk.js';
import type { RelayTarget } from './relay-target.js';
import type { RelayTask } from './relay-task.js';

/**
 * Annals' relay with the OpenTelemetry SDK registered for the life of the process, before the application is
 * constructed, as a traced service runs: the rows are written by traced saves, and the relay publishes each
 * save's rows in a span. Before each measurement and on closing (untimed) it checks that the one before made
 * its spans, so that a run where tracing was off fails rather than passes for a traced one.
 */
export class TracedRelayContender implements Contender<RelayTask> {
  /** The spans exported when the last measurement was checked. */
  #checkedSpans = 0;
  /** The last measurement's task, until its spans are checked. */
  #unchecked: RelayTask | undefined;

  private constructor(
    readonly sdk: InstalledSdk,
    readonly relay: AnnalsRelayContender,
  ) {}

  static async open(databaseUrl: string, target: RelayTarget): Promise<TracedRelayContender> {
    const sdk = installOpenTelemetrySdk();
    try {
      return new TracedRelayContender(sdk, await AnnalsRelayContender.open(databaseUrl, target));
    } catch (error) {
      await sdk.uninstall();
      throw error;
    }
  }

  prepare(): Promise<void> {
    return this.relay.prepare();
  }

  async reset(task: RelayTask): Promise<void> {
    await this.#checkLast();
    await this.relay.reset(task);
  }

  async perform(task: RelayTask): Promise<void> {
    await this.relay.perform(task);
    this.#unchecked = task;
  }

  async close(): Promise<void> {
    try {
      await this.#checkLast();
    } finally {
      await this.relay.close();
      await this.sdk.uninstall();
    }
  }

  /** Fails unless the last measurement made at least a save span and a publish span per save of its rows. */
  async #checkLast(): Promise<void> {
    const task = this.#unchecked;
    this.#unchecked = undefined;
    const exported = await this.sdk.exportedSpans();
    const spans = exported - this.#checkedSpans;
    this.#checkedSpans = exported;
    if (task === undefined) return;
    const expected = 2 * Math.ceil(task.rows / ROWS_PER_SAVE);
    if (spans < expected) throw new Error(`tracing was not on: ${spans} spans, expected ${expected} or more`);
  }
}
