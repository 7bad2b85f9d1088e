import { setTimeout as sleep } from 'node:timers/promises';

/** SQLite's own busy handler waits this long between tries, ms; then 100 ms each. */
const delays = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];

const SQLITE_BUSY = 5;
const SQLITE_BUSY_SNAPSHOT = 517;

/**
 * Whether SQLite refused `error`'s statement because another connection holds a lock, so that running it
 * again later can succeed. `SQLITE_BUSY_SNAPSHOT` cannot: the transaction read a version another connection
 * has since overwritten, and only a new transaction can go on.
 */
function isLockWait(error: unknown): boolean {
  const { errcode } = (error ?? {}) as { readonly errcode?: unknown };
  return typeof errcode === 'number' && (errcode & 0xff) === SQLITE_BUSY && errcode !== SQLITE_BUSY_SNAPSHOT;
}

/**
 * Runs `statement` until SQLite stops refusing it for another connection's lock, or until `busyTimeout` ms
 * have passed (then its last error is thrown). It waits between tries on timers rather than in SQLite's
 * busy handler, which would block the event loop: another connection of this process could then never commit
 * the transaction that holds the lock.
 */
export function waitOutLocks<T>(statement: () => Promise<T>, busyTimeout: number): Promise<T> {
  const deadline = performance.now() + busyTimeout;
  return statement().catch((error: unknown) => retry(statement, error, deadline));
}

async function retry<T>(statement: () => Promise<T>, refusal: unknown, deadline: number): Promise<T> {
  let error = refusal;
  for (let attempt = 0; ; attempt++) {
    const remaining = deadline - performance.now();
    if (!isLockWait(error) || remaining <= 0) throw error;
    await sleep(Math.min(delays[attempt] ?? 100, remaining));
    try {
      return await statement();
    } catch (next) {
      error = next;
    }
  }
}
