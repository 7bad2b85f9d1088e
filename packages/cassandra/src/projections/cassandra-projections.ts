import { randomUUID } from 'node:crypto';
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
import cassandra, { type types as driverTypes } from 'cassandra-driver';
import { readSerially, writeConditionally, writeIdempotently } from '../internal/conditional-write.js';
import { readAll } from '../internal/read-all.js';
import { numberColumn } from '../internal/rows.js';
import type { Session } from '../internal/session.js';
import { projectionStatements, type ProjectionStatements } from './projection-statements.js';

/**
 * Projections' records and checkpoints in two tables. Every change is a lightweight transaction and every
 * read that decides one is at serial consistency, so a checkpoint's compare-and-set holds across processes
 * and nodes. Cassandra has no transactions a caller can join: a checkpoint moves on its own, after the
 * batch's read-model writes, which makes a projection into another store at-least-once.
 */
export class CassandraProjections implements ProjectionStore {
  readonly #session: Session;
  readonly #cql: ProjectionStatements;

  constructor(session: Session) {
    this.#session = session;
    this.#cql = projectionStatements(session.options.keyspace);
  }

  /** A read first: runners ask before every batch, and a record that exists then costs no Paxos round. */
  async registerProjection(name: string): Promise<ProjectionRecord> {
    assertText(name, 'projection name');
    const found = await this.#session.read(this.#cql.selectProjection, [name]);
    if (found.rowLength > 0) return toProjectionRecord(found.first());
    const inserted = (
      await writeIdempotently(`registering projection ${name}`, () =>
        this.#session.write(this.#cql.insertProjection, [name]),
      )
    ).first();
    // When another process registered it first, the refused insert returns its row.
    if (inserted.get('[applied]') !== true) return toProjectionRecord(inserted);
    return { name, generation: 1, paused: false, rebuilding: undefined };
  }

  async projections(): Promise<ProjectionRecord[]> {
    const rows = await readAll(this.#session, this.#cql.selectProjections, []);
    return rows.map(toProjectionRecord).sort((a, b) => a.name.localeCompare(b.name));
  }

  async updateProjection(name: string, change: ProjectionChange): Promise<ProjectionRecord> {
    assertText(name, 'projection name');
    validateProjectionChange(change);
    const changed = Object.entries({
      generation: change.generation,
      paused: change.paused,
      rebuilding: change.rebuilding,
    }).filter(([, value]) => value !== undefined);
    if (changed.length > 0) {
      const columns = changed.map(([column]) => column);
      const values = changed.map(([, value]) => value);
      const result = await writeIdempotently(`changing projection ${name}`, () =>
        this.#session.write(this.#cql.updateProjection(columns), [...values, name]),
      );
      if (result.first().get('[applied]') !== true) throw new ProjectionNotFoundError(name);
    }
    const rows = await readSerially(this.#session, this.#cql.selectProjection, [name]);
    if (rows.rowLength === 0) throw new ProjectionNotFoundError(name);
    return toProjectionRecord(rows.first());
  }

  async checkpoint(key: CheckpointKey): Promise<number> {
    validateCheckpointKey(key);
    const { projection, generation, partition } = key;
    // At the configured consistency: a stale answer costs a conflicting move and a second read, no more.
    const row = (
      await this.#session.read(this.#cql.selectCheckpoint, [projection, generation, partition])
    ).first();
    return numberColumn(row, 'position') ?? 0;
  }

  async checkpoints(projection: string): Promise<Checkpoint[]> {
    assertText(projection, 'projection');
    const rows = await readAll(this.#session, this.#cql.selectCheckpoints, [projection]);
    return rows.map((row) => ({
      projection,
      generation: Number(row.get('generation')),
      partition: Number(row.get('partition_number')),
      position: numberColumn(row, 'position') ?? 0,
      updatedAt: row.get('updated_at') as Date,
    }));
  }

  /**
   * A compare-and-set on the position that writes a move id of its own beside it, so a move whose outcome
   * is unknown is decided by a serial read: our id means it moved, the position still at `from` means it
   * did not and is sent again, anything else means another process moved it.
   */
  async moveCheckpoint(key: CheckpointKey, from: number, to: number): Promise<void> {
    validateCheckpointKey(key);
    assertCheckpointPosition(from, 'from');
    assertCheckpointPosition(to, 'to');
    const { projection, generation, partition } = key;
    const moveId = randomUUID();
    const where = [projection, generation, partition];
    const move = await writeConditionally<Move>(this.#session, {
      context: { projection, generation, partition, from, to },
      what: `moving the checkpoint of projection ${projection} (generation ${generation}, partition ${partition}) from ${from} to ${to}`,
      send: async () => {
        const now = new Date();
        if (from === 0) {
          const inserted = await this.#session.write(this.#cql.insertCheckpoint, [...where, to, now, moveId]);
          if (inserted.wasApplied()) return { moved: true };
          const at = numberColumn(inserted.first(), 'position') ?? 0;
          // A checkpoint moved back to 0 has a row: move it as any other.
          if (at !== 0) return { moved: false, at };
        }
        const moved = await this.#session.write(this.#cql.moveCheckpoint, [to, now, moveId, ...where, from]);
        if (moved.wasApplied()) return { moved: true };
        return { moved: false, at: numberColumn(moved.first(), 'position') ?? 0 };
      },
      find: async () => {
        const row = (await readSerially(this.#session, this.#cql.selectCheckpointMove, where)).first();
        const mark: unknown = row?.get('move_id');
        if (mark instanceof cassandra.types.Uuid && mark.toString() === moveId) return 'stored';
        return (numberColumn(row, 'position') ?? 0) === from ? 'absent' : 'lost';
      },
      stored: () => ({ moved: true }),
      lost: () => ({ moved: false, at: undefined }),
    });
    if (move.moved) return;
    const found = move.at === undefined ? 'no longer at' : `at ${move.at}, not`;
    throw new RecordConflictError(
      `the checkpoint of projection ${projection} (generation ${generation}, partition ${partition}) is ` +
        `${found} ${from}: another process moved it`,
    );
  }

  async deleteCheckpoints(projection: string, generation: number): Promise<void> {
    assertText(projection, 'projection');
    assertGeneration(generation);
    const rows = await readAll(this.#session, this.#cql.selectGeneration, [projection, generation], {
      serial: true,
    });
    // One conditional delete per checkpoint: a plain delete's timestamp could shadow a later Paxos write.
    for (const row of rows) {
      const partition: unknown = row.get('partition_number');
      await writeIdempotently(`deleting checkpoint ${String(partition)} of projection ${projection}`, () =>
        this.#session.write(this.#cql.deleteCheckpoint, [projection, generation, partition]),
      );
    }
  }
}

/** What a checkpoint move did: moved, or found the checkpoint at `at` (when known) and not at `from`. */
type Move = { readonly moved: true } | { readonly moved: false; readonly at: number | undefined };

function toProjectionRecord(row: driverTypes.Row): ProjectionRecord {
  const rebuilding: unknown = row.get('rebuilding');
  return {
    name: String(row.get('name')),
    generation: Number(row.get('generation')),
    paused: row.get('paused') === true,
    rebuilding: rebuilding === null || rebuilding === undefined ? undefined : Number(rebuilding),
  };
}
