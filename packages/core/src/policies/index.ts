export type { PersistencePolicy } from './persistence-policy.js';
export { SnapshottingPolicy, type SnapshotIntervals } from './snapshotting-policy.js';
