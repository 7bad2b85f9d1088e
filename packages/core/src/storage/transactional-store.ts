/** Units of work a caller can open and join (capability `transactions`). */
export interface TransactionalStore {
  /**
   * Runs `work` in a unit of work: appends made inside it (through any application on this strategy) and
   * processed-message records commit when it resolves and roll back when it throws. Joins the unit of work
   * already active in the calling async context, if any.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
}
