/** Exponential back-off bounds. */
export interface Backoff {
  /** The first delay, in ms. @default 100 */
  readonly initial?: number;
  /** The longest delay, in ms. @default 5000 */
  readonly max?: number;
}

/** The delay before retry number `attempt` (1, 2, …): doubling from `initial`, at most `max`, with jitter. */
export function backoffDelay(attempt: number, backoff: Backoff = {}): number {
  const { initial = 100, max = 5000 } = backoff;
  const base = Math.min(max, initial * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}
