/** How much of each workload a run measures. */
export interface ProjectionsPlan {
  readonly rounds: number;
  /** The catch-up log: this many accounts with this many deposits each, interleaved. */
  readonly accounts: number;
  readonly deposits: number;
  /** Events per read and per transaction, for every contender. */
  readonly pageSize: number;
  /** How long the lag workload samples its steady load, after a second of warm-up, in s. */
  readonly lagSeconds: number;
  /** The events the rebuild workload rebuilds from, over `rebuildAccounts` accounts. */
  readonly rebuildEvents: number;
  readonly rebuildAccounts: number;
}

export const fullPlan: ProjectionsPlan = {
  rounds: 5,
  accounts: 10_000,
  deposits: 10,
  pageSize: 500,
  lagSeconds: 10,
  rebuildEvents: 1_000_000,
  rebuildAccounts: 10_000,
};

export const quickPlan: ProjectionsPlan = {
  rounds: 3,
  accounts: 1_000,
  deposits: 10,
  pageSize: 500,
  lagSeconds: 3,
  rebuildEvents: 100_000,
  rebuildAccounts: 1_000,
};
