/** A projection as its store keeps it: which generation of its read model is served, and whether it runs. */
export interface ProjectionRecord {
  /** The projection's name. */
  readonly name: string;
  /** The generation of the read model that is served; a rebuild writes the next one, then switches. */
  readonly generation: number;
  /** A paused projection processes nothing until it is resumed. */
  readonly paused: boolean;
  /** The generation a rebuild is writing, while one runs. */
  readonly rebuilding: number | undefined;
}

/** What may change of a {@link ProjectionRecord}. */
export interface ProjectionChange {
  /** The generation to serve. */
  readonly generation?: number | undefined;
  /** Whether the projection pauses. */
  readonly paused?: boolean | undefined;
  /** The generation a rebuild is writing, or `null` when it has finished or been abandoned. */
  readonly rebuilding?: number | null | undefined;
}

/**
 * Which checkpoint: a projection's generation and its partition (0 when it is not partitioned). Each has
 * its own position, moved by one process at a time.
 */
export interface CheckpointKey {
  /** The projection's name. */
  readonly projection: string;
  /** The generation of the read model. */
  readonly generation: number;
  /** The partition, from 0; 0 when the projection is not partitioned. */
  readonly partition: number;
}

/** How far a checkpoint has come. */
export interface Checkpoint extends CheckpointKey {
  /** The last upstream position processed; 0 before the first. */
  readonly position: number;
  /** When it last moved. */
  readonly updatedAt: Date;
}

/**
 * Projections' records and checkpoints (capability `projections`). A checkpoint moves in the same
 * transaction as the read-model writes of the batch it ends, so each event changes the read model exactly
 * once; the move is a compare-and-set, so a process that lost its lease cannot apply a batch twice.
 */
export interface ProjectionStore {
  /** The projection's record; registers it (generation 1, running) when it has none. */
  registerProjection(name: string): Promise<ProjectionRecord>;
  /** Every registered projection, by name. */
  projections(): Promise<ProjectionRecord[]>;
  /**
   * Changes a projection's record, in the caller's transaction when there is one.
   * @throws NotFoundError when no projection has that name
   */
  updateProjection(name: string, change: ProjectionChange): Promise<ProjectionRecord>;
  /** A checkpoint's position; 0 when it has not moved yet. */
  checkpoint(key: CheckpointKey): Promise<number>;
  /** Every checkpoint of a projection, of every generation and partition. */
  checkpoints(projection: string): Promise<Checkpoint[]>;
  /**
   * Moves a checkpoint from `from` to `to`, in the caller's transaction when there is one.
   * @throws RecordConflictError when the checkpoint is not at `from` (another process moved it)
   */
  moveCheckpoint(key: CheckpointKey, from: number, to: number): Promise<void>;
  /** Forgets the checkpoints of a generation, e.g. of one replaced by a rebuild. */
  deleteCheckpoints(projection: string, generation: number): Promise<void>;
}
