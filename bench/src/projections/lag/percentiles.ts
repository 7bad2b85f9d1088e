/** Commit-to-row lag over the sampled events, in ms. */
export interface LagSummary {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
  readonly samples: number;
}

/** Percentiles of the lags given (nearest rank), rounded to 0.1 ms. */
export function summarizeLags(lags: readonly number[]): LagSummary {
  if (lags.length === 0) throw new Error('no lag sampled');
  const sorted = [...lags].sort((a, b) => a - b);
  const at = (share: number): number =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]! * 10) / 10;
  return {
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    min: Math.round(sorted[0]! * 10) / 10,
    max: Math.round(sorted.at(-1)! * 10) / 10,
    samples: sorted.length,
  };
}
