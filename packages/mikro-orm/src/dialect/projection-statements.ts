import type { CheckpointKey, ProjectionChange } from '@annals/core/storage';
import type { Statement } from './dialect.js';

/** A projection's record as the projections table holds it. */
export interface ProjectionRow {
  readonly name: string;
  readonly generation: number | string;
  readonly paused: boolean | number;
  readonly rebuilding: number | string | null;
}

/** A checkpoint as the checkpoints table holds it. */
export interface CheckpointRow {
  readonly projection: string;
  readonly generation: number | string;
  readonly partition: number | string;
  readonly position: number | string;
  readonly updated_at: string | Date;
}

/** The statements of projections' records and checkpoints. */
export interface ProjectionStatements {
  /** The {@link ProjectionRow} of a projection; none when it has no record. */
  selectProjection(name: string): Statement;
  /** Records a projection at generation 1, running, unless it has a record; returns its row when it did. */
  insertProjection(name: string): Statement;
  /** Every {@link ProjectionRow}, by name. */
  selectProjections(): Statement;
  /** Changes a record; returns its {@link ProjectionRow}, none when it has no record. */
  updateProjection(name: string, change: ProjectionChange): Statement;
  /** `{ position }` of a checkpoint; none when it has never moved. */
  selectCheckpoint(key: CheckpointKey): Statement;
  /** Every {@link CheckpointRow} of a projection, by generation and partition. */
  selectCheckpoints(projection: string): Statement;
  /**
   * Moves a checkpoint that is at `from` to `to`, returning a `{ position }` row; none when it is elsewhere.
   * Concurrent moves of one checkpoint wait for each other on its row (or, from 0, on its key) and then
   * find it moved.
   */
  moveCheckpoint(key: CheckpointKey, from: number, to: number): Statement;
  deleteCheckpoints(projection: string, generation: number): Statement;
}
