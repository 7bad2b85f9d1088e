import { ProjectionNotFoundError } from '../errors/index.js';
import type { FollowerState } from './follower.js';
import type { LogSource } from './log-source.js';
import type { ProjectionStrategy } from './projection-runner-options.js';

/** How far one partition of a projection has come. */
export interface PartitionStatus {
  /** The partition's number, from 0. */
  readonly partition: number;
  /** The last upstream position it processed. */
  readonly position: number;
  /** What this process's runner does with it; absent when this process does not run it. */
  readonly state?: FollowerState | undefined;
}

/** Where a projection stands against its upstream log. */
export interface ProjectionStatus {
  /** The projection's name. */
  readonly name: string;
  /** The upstream application it follows. */
  readonly upstream: string;
  /** The generation served. */
  readonly generation: number;
  /** A paused projection processes nothing until resumed. */
  readonly paused: boolean;
  /** The generation a rebuild is writing, while one runs. */
  readonly rebuilding: number | undefined;
  /** The highest position of the upstream log. */
  readonly head: number;
  /** The position every partition has passed. */
  readonly position: number;
  /** Each partition's position and state. */
  readonly partitions: readonly PartitionStatus[];
  /** How many upstream events are not processed yet. */
  readonly lagEvents: number;
  /** How long ago the oldest unprocessed event happened, in seconds; 0 when there is none. */
  readonly lagSeconds: number;
}

/** Options of {@link projectionStatus}. */
export interface ProjectionStatusOptions {
  /** Where the projection's record and checkpoints are kept. */
  readonly store: ProjectionStrategy;
  /** The upstream log, for its head and the age of unprocessed events. */
  readonly source: LogSource;
  /** The projection's name. */
  readonly name: string;
  /** How many partitions the projection has; those without a checkpoint yet count as at 0. @default those with one */
  readonly partitions?: number | undefined;
  /** What a runner of this process does with each partition. */
  readonly stateOf?: ((partition: number) => PartitionStatus['state']) | undefined;
}

/**
 * Where a projection stands, read from its store and upstream log: what `annals projections status` and
 * health checks show.
 * @throws ProjectionNotFoundError when no projection has that name
 */
export async function projectionStatus(options: ProjectionStatusOptions): Promise<ProjectionStatus> {
  const { store, source, name, stateOf = () => undefined } = options;
  const record = (await store.projections()).find((candidate) => candidate.name === name);
  if (!record) throw new ProjectionNotFoundError(name);
  const { generation, paused, rebuilding } = record;
  const positions = new Map<number, number>();
  for (let partition = 0; partition < (options.partitions ?? 0); partition++) positions.set(partition, 0);
  for (const checkpoint of await store.checkpoints(name)) {
    if (checkpoint.generation === generation) positions.set(checkpoint.partition, checkpoint.position);
  }
  const partitions = [...positions]
    .sort(([a], [b]) => a - b)
    .map(([partition, position]) => ({ partition, position, state: stateOf(partition) }));
  const head = await source.maxPosition();
  const position = partitions.length === 0 ? 0 : Math.min(...partitions.map((p) => p.position));
  let lagSeconds = 0;
  if (position < head) {
    const [next] = await source.select({ start: position + 1, limit: 1 });
    if (next) lagSeconds = Math.max(0, (Date.now() - source.decode(next).timestamp.getTime()) / 1000);
  }
  return {
    name,
    upstream: source.name,
    generation,
    paused,
    rebuilding,
    head,
    position,
    partitions,
    lagEvents: Math.max(0, head - position),
    lagSeconds,
  };
}
