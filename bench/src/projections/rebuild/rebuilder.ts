/** What the rebuild workload runs in its process: a projection rebuilt from the whole log. */
export interface Rebuilder {
  /** How many events the log holds. */
  readonly events: number;
  /** Rebuilds the read model from the start of the log. @returns how many batches it took */
  rebuild(): Promise<number>;
  /** The rows of the new read model, and the deposits they count. */
  count(): Promise<{ readonly rows: number; readonly deposits: number }>;
  close(): Promise<void>;
}
