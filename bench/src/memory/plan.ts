/** How much the memory suite does. */
export interface MemoryPlan {
  /** Events in the aggregate loaded. */
  readonly events: number;
  /** Loads per store, each in a fresh process. */
  readonly rounds: number;
}

export const fullPlan: MemoryPlan = { events: 1_000_000, rounds: 3 };
export const quickPlan: MemoryPlan = { events: 200_000, rounds: 1 };

/** The most the resident set may grow while an aggregate loads, whatever its length. */
export const TARGET_MIB = 100;
