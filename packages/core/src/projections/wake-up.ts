/**
 * Where a follower sleeps between reads: {@link wake} ends the sleep, and a wake that comes while the
 * follower is reading is kept, so the next sleep ends at once and no commit goes unread.
 */
export class WakeUp {
  #pending = false;
  #resolve: (() => void) | undefined;

  wake(): void {
    this.#pending = true;
    this.#resolve?.();
  }

  /** Resolves on a wake, after `ms`, or when `signal` aborts, whichever comes first. */
  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (this.#pending || signal.aborted) {
      this.#pending = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.#pending = false;
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.#resolve = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.#resolve = done;
    });
  }
}
