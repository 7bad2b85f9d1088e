import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link until}. */
export interface UntilOptions {
  /** ms */
  readonly timeout: number;
  /** Runs before every look; what it throws ends the wait at once (e.g. a process that died). */
  readonly check?: (() => void) | undefined;
}

/**
 * Looks every 100 ms until `probe` returns something other than `undefined` or `false`, and returns that. A
 * probe that throws counts as not yet (the database may be restarting); its last error is in the timeout's.
 * @throws Error naming `what` when the deadline passed
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  options: UntilOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeout;
  let lastError: string | undefined;
  for (;;) {
    options.check?.();
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      const why = lastError === undefined ? '' : `; the last look failed: ${lastError}`;
      throw new Error(`${what}: not within ${options.timeout} ms${why}`);
    }
    await sleep(100);
  }
}
