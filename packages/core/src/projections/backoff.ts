/** How long to wait before the `attempt`th retry (1, 2, …): doubling from `base`, at most `max`, in ms. */
export function backoff(attempt: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.min(attempt - 1, 20));
}
