import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Looks every 100 ms until `probe` returns true. A probe that throws counts as not yet (a node may be
 * restarting); its last error is in the timeout's message.
 * @throws Error naming `what` when `timeout` ms passed
 */
export async function until(what: string, probe: () => Promise<boolean>, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  let lastError: string | undefined;
  for (;;) {
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      const why = lastError === undefined ? '' : `; the last look failed: ${lastError}`;
      throw new Error(`${what}: not within ${timeout} ms${why}`);
    }
    await sleep(100);
  }
}
