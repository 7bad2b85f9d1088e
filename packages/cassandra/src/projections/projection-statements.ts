/** The CQL of projections' records and checkpoints, for one keyspace. Values are always bound. */
export interface ProjectionStatements {
  readonly selectProjection: string;
  readonly selectProjections: string;
  readonly insertProjection: string;
  /** Sets the named columns (some of `generation`, `paused`, `rebuilding`) of an existing record. */
  readonly updateProjection: (columns: readonly string[]) => string;
  readonly selectCheckpoint: string;
  /** The position and the id of the move that wrote it, read to decide a move with an unknown outcome. */
  readonly selectCheckpointMove: string;
  readonly selectCheckpoints: string;
  readonly selectGeneration: string;
  readonly insertCheckpoint: string;
  readonly moveCheckpoint: string;
  readonly deleteCheckpoint: string;
}

/** Statements on the `projections` and `checkpoints` tables of `keyspace`, a checked keyspace name. */
export function projectionStatements(keyspace: string): ProjectionStatements {
  const projections = `${keyspace}.projections`;
  const checkpoints = `${keyspace}.checkpoints`;
  const checkpoint = 'projection = ? AND generation = ? AND partition_number = ?';
  return {
    selectProjection: `SELECT name, generation, paused, rebuilding FROM ${projections} WHERE name = ?`,
    selectProjections: `SELECT name, generation, paused, rebuilding FROM ${projections}`,
    insertProjection: `INSERT INTO ${projections} (name, generation, paused) VALUES (?, 1, false) IF NOT EXISTS`,
    updateProjection: (columns) =>
      `UPDATE ${projections} SET ${columns.map((column) => `${column} = ?`).join(', ')} WHERE name = ? IF EXISTS`,
    selectCheckpoint: `SELECT position FROM ${checkpoints} WHERE ${checkpoint}`,
    selectCheckpointMove: `SELECT position, move_id FROM ${checkpoints} WHERE ${checkpoint}`,
    selectCheckpoints: `SELECT generation, partition_number, position, updated_at FROM ${checkpoints} WHERE projection = ?`,
    selectGeneration: `SELECT partition_number FROM ${checkpoints} WHERE projection = ? AND generation = ?`,
    insertCheckpoint:
      `INSERT INTO ${checkpoints} (projection, generation, partition_number, position, updated_at, move_id) ` +
      `VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS`,
    moveCheckpoint:
      `UPDATE ${checkpoints} SET position = ?, updated_at = ?, move_id = ? ` +
      `WHERE ${checkpoint} IF position = ?`,
    deleteCheckpoint: `DELETE FROM ${checkpoints} WHERE ${checkpoint} IF EXISTS`,
  };
}
