import type { ReadSnapshot, StoredSnapshot } from './records.js';

/** Snapshots of aggregates (capability `snapshots`). */
export interface SnapshotStore {
  /** Stores a snapshot; one at the same version replaces it. */
  insertSnapshot(snapshot: StoredSnapshot): Promise<void>;
  /** The latest snapshot of the aggregate at or before `lte`. */
  selectSnapshot(originatorId: string, lte?: number): Promise<ReadSnapshot | undefined>;
}
