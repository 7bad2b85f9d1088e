import { RawContender } from '../raw/raw-contender.js';
import type { CatchUpTask } from '../catch-up-task.js';
import type { Rebuilder } from './rebuilder.js';

/** The raw contender of the catch-up workload projecting the whole log into its emptied table. */
export class RawRebuilder implements Rebuilder {
  readonly events: number;
  readonly #task: CatchUpTask;

  private constructor(
    readonly raw: RawContender,
    accounts: number,
    events: number,
    pageSize: number,
  ) {
    this.events = events;
    this.#task = { kind: 'catch-up', accounts, events, pageSize };
  }

  static async open(url: string, pageSize: number, accounts: number): Promise<RawRebuilder> {
    const raw = await RawContender.open(url);
    const events = await raw.lastPosition();
    const rebuilder = new RawRebuilder(raw, accounts, events, pageSize);
    await raw.reset();
    return rebuilder;
  }

  /** @returns the pages it read: the full ones and the last, shorter (or empty) one */
  async rebuild(): Promise<number> {
    await this.raw.catchUp(this.#task);
    return Math.floor(this.events / this.#task.pageSize) + 1;
  }

  async count(): Promise<{ rows: number; deposits: number }> {
    return this.raw.count();
  }

  close(): Promise<void> {
    return this.raw.close();
  }
}
