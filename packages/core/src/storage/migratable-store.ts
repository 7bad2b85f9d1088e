/** Storage whose schema is created and updated on request (capability `migrations`). */
export interface MigratableStore {
  /** Creates or updates the schema. Safe to run from several processes at once. @returns the migrations applied now */
  migrate(): Promise<string[]>;
}
