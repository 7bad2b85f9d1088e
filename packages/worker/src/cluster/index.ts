export { runCluster } from './run-cluster.js';
export type { RunClusterOptions, StopHook } from './run-cluster-options.js';
