import type { CheckpointKey, ProjectionChange } from '@annals/core/storage';
import type { Statement } from './dialect.js';
import type { ProjectionStatements } from './projection-statements.js';
import type { Tables } from './tables.js';

const projectionColumns = 'name, generation, paused, rebuilding';
const checkpointKey = 'projection = ? AND generation = ? AND partition = ?';
const now = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/** SQLite's statements of projections' records and checkpoints; booleans are bound as 0 and 1. */
export class SqliteProjectionStatements implements ProjectionStatements {
  constructor(readonly tables: Tables) {}

  selectProjection(name: string): Statement {
    return {
      sql: `SELECT ${projectionColumns} FROM ${this.tables.projections} WHERE name = ?`,
      params: [name],
    };
  }

  insertProjection(name: string): Statement {
    return {
      sql: `INSERT INTO ${this.tables.projections} (name, generation, paused) VALUES (?, 1, 0)
        ON CONFLICT (name) DO NOTHING RETURNING ${projectionColumns}`,
      params: [name],
    };
  }

  selectProjections(): Statement {
    return { sql: `SELECT ${projectionColumns} FROM ${this.tables.projections} ORDER BY name`, params: [] };
  }

  updateProjection(name: string, change: ProjectionChange): Statement {
    const paused = change.paused === undefined ? null : Number(change.paused);
    return {
      sql: `UPDATE ${this.tables.projections} SET generation = coalesce(?, generation),
          paused = coalesce(?, paused),
          rebuilding = CASE WHEN ? THEN ? ELSE rebuilding END
        WHERE name = ? RETURNING ${projectionColumns}`,
      params: [
        change.generation ?? null,
        paused,
        Number(change.rebuilding !== undefined),
        change.rebuilding ?? null,
        name,
      ],
    };
  }

  selectCheckpoint({ projection, generation, partition }: CheckpointKey): Statement {
    return {
      sql: `SELECT position FROM ${this.tables.checkpoints} WHERE ${checkpointKey}`,
      params: [projection, generation, partition],
    };
  }

  selectCheckpoints(projection: string): Statement {
    return {
      sql: `SELECT projection, generation, partition, position, updated_at FROM ${this.tables.checkpoints}
        WHERE projection = ? ORDER BY generation, partition`,
      params: [projection],
    };
  }

  /** Writers are serialised by the database lock, so the compare and the set cannot interleave. */
  moveCheckpoint({ projection, generation, partition }: CheckpointKey, from: number, to: number): Statement {
    const { checkpoints } = this.tables;
    if (from === 0) {
      return {
        sql: `INSERT INTO ${checkpoints} (projection, generation, partition, position) VALUES (?, ?, ?, ?)
          ON CONFLICT (projection, generation, partition)
            DO UPDATE SET position = excluded.position, updated_at = ${now} WHERE ${checkpoints}.position = 0
          RETURNING position`,
        params: [projection, generation, partition, to],
      };
    }
    return {
      sql: `UPDATE ${checkpoints} SET position = ?, updated_at = ${now}
        WHERE ${checkpointKey} AND position = ? RETURNING position`,
      params: [to, projection, generation, partition, from],
    };
  }

  deleteCheckpoints(projection: string, generation: number): Statement {
    return {
      sql: `DELETE FROM ${this.tables.checkpoints} WHERE projection = ? AND generation = ?`,
      params: [projection, generation],
    };
  }
}
