/**
 * Spreads items over `lanes` lanes by key (a key always lands in the same lane) and hands each lane's waiting
 * items to `work` as one batch of at most `maxBatch`, one batch per lane at a time: items of one key keep their
 * order, items of different lanes overlap. A lane starts as soon as it has an item, so a lone item waits for
 * nothing; while a batch runs, the items arriving meanwhile gather into the next.
 */
export class BatchLanes<T> {
  readonly #lanes: { readonly waiting: T[]; running: Promise<void> | undefined }[];
  readonly #maxBatch: number;
  readonly #work: (batch: T[]) => Promise<void>;

  constructor(lanes: number, maxBatch: number, work: (batch: T[]) => Promise<void>) {
    for (const [what, value] of [
      ['concurrency', lanes],
      ['maxBatch', maxBatch],
    ] as const) {
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new RangeError(`${what} must be a whole number >= 1; got ${value}`);
      }
    }
    this.#lanes = Array.from({ length: lanes }, () => ({ waiting: [], running: undefined }));
    this.#maxBatch = maxBatch;
    this.#work = work;
  }

  /** Queues `item` behind the earlier items of its lane. Failures of `work` are its own to handle. */
  push(key: string, item: T): void {
    const lane = this.#lanes[laneOf(key, this.#lanes.length)];
    if (!lane) return;
    lane.waiting.push(item);
    lane.running ??= this.#drain(lane);
  }

  /** Resolves when every item given so far has been handed to `work` and it finished. */
  async idle(): Promise<void> {
    for (;;) {
      const running = this.#lanes.flatMap((lane) => (lane.running ? [lane.running] : []));
      if (running.length === 0) return;
      await Promise.allSettled(running);
    }
  }

  async #drain(lane: { readonly waiting: T[]; running: Promise<void> | undefined }): Promise<void> {
    try {
      while (lane.waiting.length > 0) {
        try {
          await this.#work(lane.waiting.splice(0, this.#maxBatch));
        } catch {
          // `work` handles its own failures; one that leaks must not stall its lane.
        }
      }
    } finally {
      lane.running = undefined;
    }
  }
}

/** A stable lane for `key` (FNV-1a). */
function laneOf(key: string, lanes: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % lanes;
}
