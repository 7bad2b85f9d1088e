/** Things opened on first use, one per key, and closed together: a contender's applications per state layer. */
export class OpenedOnce<K, T extends { close(): Promise<void> }> {
  readonly #opened = new Map<K, Promise<T>>();

  constructor(readonly open: (key: K) => Promise<T>) {}

  get(key: K): Promise<T> {
    let opened = this.#opened.get(key);
    if (opened === undefined) {
      opened = this.open(key);
      this.#opened.set(key, opened);
    }
    return opened;
  }

  /** Closes every one that opened; one that failed to open has nothing to close. */
  async close(): Promise<void> {
    const opened = await Promise.allSettled(this.#opened.values());
    await Promise.allSettled(
      opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value.close()] : [])),
    );
  }
}
