/** How many lanes a process remembers; the oldest is forgotten first. */
const CAPACITY = 100_000;

/**
 * The page this process last wrote each lane to. A guess only, as other processes write too, but a good
 * one: an aggregate last written to a page before the tail has no head in the tail page yet, so its next
 * append checks the pages before at once rather than first being refused for guessing otherwise.
 */
export class RecentLanes {
  readonly #pages = new Map<string, number>();

  /** The page this process last wrote `lane` to, if it remembers. */
  pageOf(lane: string): number | undefined {
    return this.#pages.get(lane);
  }

  /** Remembers that `lane` was written to `page`. */
  wrote(lane: string, page: number): void {
    this.#pages.delete(lane);
    this.#pages.set(lane, page);
    if (this.#pages.size <= CAPACITY) return;
    for (const oldest of this.#pages.keys()) {
      this.#pages.delete(oldest);
      if (this.#pages.size <= CAPACITY) return;
    }
  }
}
