export { ApplicationLog, HttpLog, type HttpLogOptions, type LogSource } from './log-source.js';
export { Follower, type FollowerOptions, type FollowerState } from './follower.js';
export { partitionOf } from './partition.js';
export {
  Projection,
  type GenerationHook,
  type ProjectionHandler,
  type ProjectionScope,
} from './projection.js';
export { ProjectionRunner } from './projection-runner.js';
export type { ProjectionRunnerOptions, ProjectionStrategy } from './projection-runner-options.js';
export {
  projectionStatus,
  type PartitionStatus,
  type ProjectionStatus,
  type ProjectionStatusOptions,
} from './projection-status.js';
export type { RebuildOptions, RebuildProgress, WaitForOptions } from './rebuild-options.js';
