import type { CheckpointKey, ProjectionChange } from '@annals/core/storage';
import type { Statement } from './dialect.js';
import type { ProjectionStatements } from './projection-statements.js';
import type { Tables } from './tables.js';

const projectionColumns = 'name, generation, paused, rebuilding';
const checkpointKey = 'projection = $1 AND generation = $2 AND partition = $3';

/** PostgreSQL's statements of projections' records and checkpoints. */
export class PostgresqlProjectionStatements implements ProjectionStatements {
  constructor(readonly tables: Tables) {}

  selectProjection(name: string): Statement {
    return {
      sql: `SELECT ${projectionColumns} FROM ${this.tables.projections} WHERE name = $1`,
      params: [name],
    };
  }

  insertProjection(name: string): Statement {
    return {
      sql: `INSERT INTO ${this.tables.projections} (name, generation, paused) VALUES ($1, 1, false)
        ON CONFLICT (name) DO NOTHING RETURNING ${projectionColumns}`,
      params: [name],
    };
  }

  selectProjections(): Statement {
    return { sql: `SELECT ${projectionColumns} FROM ${this.tables.projections} ORDER BY name`, params: [] };
  }

  updateProjection(name: string, change: ProjectionChange): Statement {
    return {
      sql: `UPDATE ${this.tables.projections} SET generation = coalesce($2::integer, generation),
          paused = coalesce($3::boolean, paused),
          rebuilding = CASE WHEN $4::boolean THEN $5::integer ELSE rebuilding END
        WHERE name = $1 RETURNING ${projectionColumns}`,
      params: [
        name,
        change.generation ?? null,
        change.paused ?? null,
        change.rebuilding !== undefined,
        change.rebuilding ?? null,
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
        WHERE projection = $1 ORDER BY generation, partition`,
      params: [projection],
    };
  }

  /**
   * From 0 the row may not exist: an insert, which a concurrent insert of the same key waits for and then
   * finds taken. From elsewhere an update, which a concurrent update waits for and then finds moved.
   */
  moveCheckpoint({ projection, generation, partition }: CheckpointKey, from: number, to: number): Statement {
    const { checkpoints } = this.tables;
    if (from === 0) {
      return {
        sql: `INSERT INTO ${checkpoints} (projection, generation, partition, position) VALUES ($1, $2, $3, $4)
          ON CONFLICT (projection, generation, partition)
            DO UPDATE SET position = excluded.position, updated_at = now() WHERE ${checkpoints}.position = 0
          RETURNING position`,
        params: [projection, generation, partition, to],
      };
    }
    return {
      sql: `UPDATE ${checkpoints} SET position = $5, updated_at = now()
        WHERE ${checkpointKey} AND position = $4 RETURNING position`,
      params: [projection, generation, partition, from, to],
    };
  }

  deleteCheckpoints(projection: string, generation: number): Statement {
    return {
      sql: `DELETE FROM ${this.tables.checkpoints} WHERE projection = $1 AND generation = $2`,
      params: [projection, generation],
    };
  }
}
