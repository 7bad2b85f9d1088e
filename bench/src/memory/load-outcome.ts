/** What a load process reports. */
export interface LoadOutcome {
  /** The version of the aggregate loaded, and its balance (the sum of its deposits). */
  readonly version: number;
  readonly balance: number;
  readonly seconds: number;
  /** Resident set size once open and warmed up (heap collected), before the load, in bytes. */
  readonly baselineRss: number;
  /** The highest resident set size during the load, in bytes. */
  readonly peakRss: number;
  /** The heap in use at the end of the load, before a collection, in bytes. */
  readonly heapUsed: number;
  /** The heap in use after a collection at the end of the load: what the load left behind, in bytes. */
  readonly heapRetained: number;
}
