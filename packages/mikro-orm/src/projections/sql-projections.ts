import { ProjectionNotFoundError, RecordConflictError } from '@annals/core';
import {
  assertCheckpointPosition,
  assertGeneration,
  assertText,
  validateCheckpointKey,
  validateProjectionChange,
  type Checkpoint,
  type CheckpointKey,
  type ProjectionChange,
  type ProjectionRecord,
  type ProjectionStore,
} from '@annals/core/storage';
import type { Statement } from '../dialect/dialect.js';
import type { CheckpointRow, ProjectionRow, ProjectionStatements } from '../dialect/projection-statements.js';
import type { SqlClient } from '../internal/sql-client.js';

/**
 * Projections' records and checkpoints in two tables. Changes run in the caller's transaction of the ORM
 * when there is one, so a batch's read-model writes and its checkpoint commit together.
 */
export class SqlProjections implements ProjectionStore {
  readonly #sql: SqlClient;
  readonly #statements: ProjectionStatements;

  constructor(sql: SqlClient, statements: ProjectionStatements) {
    this.#sql = sql;
    this.#statements = statements;
  }

  /** A read first: runners ask before every batch, and a record that exists then costs no write. */
  async registerProjection(name: string): Promise<ProjectionRecord> {
    assertText(name, 'projection name');
    const statements = this.#statements;
    const row =
      (await this.#rows(statements.selectProjection(name)))[0] ??
      (await this.#rows(statements.insertProjection(name)))[0] ??
      // Another process registered it between our read and our insert, and its insert has committed.
      (await this.#rows(statements.selectProjection(name)))[0];
    if (!row) throw new ProjectionNotFoundError(name);
    return toProjectionRecord(row);
  }

  async projections(): Promise<ProjectionRecord[]> {
    return (await this.#rows(this.#statements.selectProjections())).map(toProjectionRecord);
  }

  async updateProjection(name: string, change: ProjectionChange): Promise<ProjectionRecord> {
    assertText(name, 'projection name');
    validateProjectionChange(change);
    const [row] = await this.#rows(this.#statements.updateProjection(name, change));
    if (!row) throw new ProjectionNotFoundError(name);
    return toProjectionRecord(row);
  }

  async checkpoint(key: CheckpointKey): Promise<number> {
    validateCheckpointKey(key);
    const [row] = await this.#sql.query<{ position: number | string }>(
      this.#statements.selectCheckpoint(key),
    );
    return row ? Number(row.position) : 0;
  }

  async checkpoints(projection: string): Promise<Checkpoint[]> {
    assertText(projection, 'projection');
    const rows = await this.#sql.query<CheckpointRow>(this.#statements.selectCheckpoints(projection));
    return rows.map((row) => ({
      projection: row.projection,
      generation: Number(row.generation),
      partition: Number(row.partition),
      position: Number(row.position),
      updatedAt: new Date(row.updated_at),
    }));
  }

  async moveCheckpoint(key: CheckpointKey, from: number, to: number): Promise<void> {
    validateCheckpointKey(key);
    assertCheckpointPosition(from, 'from');
    assertCheckpointPosition(to, 'to');
    const moved = await this.#sql.query(this.#statements.moveCheckpoint(key, from, to));
    if (moved.length === 0) {
      const { projection, generation, partition } = key;
      throw new RecordConflictError(
        `the checkpoint of projection ${projection} (generation ${generation}, partition ${partition}) ` +
          `is not at ${from}: another process moved it`,
      );
    }
  }

  async deleteCheckpoints(projection: string, generation: number): Promise<void> {
    assertText(projection, 'projection');
    assertGeneration(generation);
    await this.#sql.query(this.#statements.deleteCheckpoints(projection, generation));
  }

  #rows(statement: Statement): Promise<ProjectionRow[]> {
    return this.#sql.query<ProjectionRow>(statement);
  }
}

function toProjectionRecord(row: ProjectionRow): ProjectionRecord {
  return {
    name: row.name,
    generation: Number(row.generation),
    paused: Boolean(row.paused),
    rebuilding: row.rebuilding === null ? undefined : Number(row.rebuilding),
  };
}
