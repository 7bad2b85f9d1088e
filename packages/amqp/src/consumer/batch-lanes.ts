/**
 * How a batch and the one before it in its lane hand over. A lane runs one batch at a time, except that the
 * next batch may begin (open its transaction, record its ids) while this one commits: it calls
 * {@link committing} when only its commit is left, and the next batch waits for {@link previous} before it
 * runs handlers, so effects still happen in lane order.
 */
export interface Turn {
  /**
   * Settles `true` once the lane's previous batch has committed or is over, `false` when its commit failed
   * after this batch began: this one must then roll back and start again once {@link previousDone}.
   */
  readonly previous: Promise<boolean>;
  /** Settles once the previous batch is over, its failures handled. */
  readonly previousDone: Promise<void>;
  /** Only the commit is left: the next batch may begin. */
  committing(): void;
  /** The commit is over: `true` when it succeeded, `false` before handling its failure. */
  committed(succeeded: boolean): void;
}

interface Lane<T> {
  readonly waiting: T[];
  running: Promise<void> | undefined;
  /** Wakes the lane waiting for its batch's commit when an item arrives meanwhile. */
  arrived: (() => void) | undefined;
}

/** The parts of a batch in flight that the next one waits for. */
interface Stage {
  readonly committed: Promise<boolean>;
  readonly done: Promise<void>;
}

const nothingBefore: Stage = { committed: Promise.resolve(true), done: Promise.resolve() };

/**
 * Spreads items over `lanes` lanes by key (a key always lands in the same lane) and hands each lane's waiting
 * items to `work` as one batch of at most `maxBatch`, one batch per lane at a time but for the overlap a
 * {@link Turn} allows: items of one key keep their order, items of different lanes overlap. A lane starts as
 * soon as it has an item, so a lone item waits for nothing; while a batch runs, the items arriving meanwhile
 * gather into the next.
 */
export class BatchLanes<T> {
  readonly #lanes: Lane<T>[];
  readonly #maxBatch: number;
  readonly #work: (batch: T[], turn: Turn) => Promise<void>;

  constructor(lanes: number, maxBatch: number, work: (batch: T[], turn: Turn) => Promise<void>) {
    for (const [what, value] of [
      ['concurrency', lanes],
      ['maxBatch', maxBatch],
    ] as const) {
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new RangeError(`${what} must be a whole number >= 1; got ${value}`);
      }
    }
    this.#lanes = Array.from({ length: lanes }, () => ({
      waiting: [],
      running: undefined,
      arrived: undefined,
    }));
    this.#maxBatch = maxBatch;
    this.#work = work;
  }

  /** Queues `item` behind the earlier items of its lane. Failures of `work` are its own to handle. */
  push(key: string, item: T): void {
    const lane = this.#lanes[laneOf(key, this.#lanes.length)];
    if (!lane) return;
    lane.waiting.push(item);
    lane.arrived?.();
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

  async #drain(lane: Lane<T>): Promise<void> {
    let previous = nothingBefore;
    try {
      while (lane.waiting.length > 0) {
        const stage = this.#begin(lane.waiting.splice(0, this.#maxBatch), previous);
        previous = stage;
        await stage.committing;
        if (lane.waiting.length === 0) {
          // The next batch begins as soon as an item arrives, even while this one commits.
          const arrival = new Promise<void>((resolve) => (lane.arrived = resolve));
          await Promise.race([stage.done, arrival]);
          lane.arrived = undefined;
        }
      }
    } finally {
      lane.running = undefined;
    }
  }

  /** Starts `work` on `batch` behind `previous`. */
  #begin(batch: T[], previous: Stage): Stage & { readonly committing: Promise<void> } {
    let committing!: () => void;
    let committed!: (succeeded: boolean) => void;
    const stage = {
      committing: new Promise<void>((resolve) => (committing = resolve)),
      committed: new Promise<boolean>((resolve) => (committed = resolve)),
    };
    const turn: Turn = {
      previous: previous.committed,
      previousDone: previous.done,
      committing,
      committed,
    };
    const worked = this.#work(batch, turn)
      // `work` handles its own failures; one that leaks must not stall its lane.
      .catch(() => undefined)
      .finally(() => {
        committing();
        committed(true);
      });
    // Done only once the batch before is done too: a batch that returns early must not let the lane go idle
    // while the previous one still commits.
    const done = Promise.all([worked, previous.done]).then(() => undefined);
    return { ...stage, done };
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
