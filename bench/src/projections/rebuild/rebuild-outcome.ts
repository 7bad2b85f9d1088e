/** What a rebuild process reports. */
export interface RebuildOutcome {
  readonly contender: string;
  /** The events in the log it rebuilt from. */
  readonly events: number;
  readonly seconds: number;
  /** How many batches (pages, transactions) it took. */
  readonly batches: number;
  /** Rows of the new read model, and the deposits they count. */
  readonly rows: number;
  readonly deposits: number;
  /** Resident set size once open, before the rebuild, and its peak during it, in bytes. */
  readonly baselineRss: number;
  readonly peakRss: number;
}
