import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Reads until `settled` accepts what came back, for up to 30 s, and returns the last read (which the case's
 * assertions then judge). A log whose writers can commit out of position order ends a page early while a
 * smaller position's transaction is still open, and other contract cases running beside this one hold such
 * transactions: the page then grows once they end, and must never skip.
 */
export async function eventually<T>(read: () => Promise<T>, settled: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (settled(value) || Date.now() > deadline) return value;
    await sleep(20);
  }
}
