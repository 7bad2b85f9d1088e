import { ProjectionNotFoundError, RecordConflictError } from '../errors/index.js';
import type {
  Checkpoint,
  CheckpointKey,
  ProjectionChange,
  ProjectionRecord,
  ProjectionStore,
} from '../storage/projection-store.js';
import {
  assertCheckpointPosition,
  assertGeneration,
  validateCheckpointKey,
  validateProjectionChange,
} from '../storage/projection-validation.js';
import { assertText } from '../storage/validation.js';
import type { InMemoryTransactions } from './in-memory-transactions.js';

/** Projections' records and checkpoints in process memory; changes made in a transaction undo on rollback. */
export class InMemoryProjections implements ProjectionStore {
  readonly #records = new Map<string, ProjectionRecord>();
  readonly #checkpoints = new Map<string, Checkpoint>();
  readonly #transactions: InMemoryTransactions;

  constructor(transactions: InMemoryTransactions) {
    this.#transactions = transactions;
  }

  async registerProjection(name: string): Promise<ProjectionRecord> {
    assertText(name, 'projection name');
    const record = this.#records.get(name) ?? { name, generation: 1, paused: false, rebuilding: undefined };
    this.#records.set(name, record);
    return record;
  }

  async projections(): Promise<ProjectionRecord[]> {
    return [...this.#records.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async updateProjection(name: string, change: ProjectionChange): Promise<ProjectionRecord> {
    assertText(name, 'projection name');
    validateProjectionChange(change);
    while (!this.#transactions.isWritable) await this.#transactions.writable();
    const before = this.#records.get(name);
    if (!before) throw new ProjectionNotFoundError(name);
    const after: ProjectionRecord = {
      name,
      generation: change.generation ?? before.generation,
      paused: change.paused ?? before.paused,
      rebuilding: change.rebuilding === null ? undefined : (change.rebuilding ?? before.rebuilding),
    };
    this.#records.set(name, after);
    this.#transactions.current()?.onRollback(() => this.#records.set(name, before));
    return after;
  }

  async checkpoint(key: CheckpointKey): Promise<number> {
    validateCheckpointKey(key);
    return this.#checkpoints.get(keyOf(key))?.position ?? 0;
  }

  async checkpoints(projection: string): Promise<Checkpoint[]> {
    assertText(projection, 'projection');
    return [...this.#checkpoints.values()]
      .filter((checkpoint) => checkpoint.projection === projection)
      .sort((a, b) => a.generation - b.generation || a.partition - b.partition);
  }

  async moveCheckpoint(key: CheckpointKey, from: number, to: number): Promise<void> {
    validateCheckpointKey(key);
    assertCheckpointPosition(from, 'from');
    assertCheckpointPosition(to, 'to');
    while (!this.#transactions.isWritable) await this.#transactions.writable();
    const id = keyOf(key);
    const before = this.#checkpoints.get(id);
    const position = before?.position ?? 0;
    if (position !== from) {
      throw new RecordConflictError(
        `the checkpoint of ${describe(key)} is at ${position}, not ${from}: another process moved it`,
      );
    }
    this.#checkpoints.set(id, { ...key, position: to, updatedAt: new Date() });
    this.#transactions.current()?.onRollback(() => {
      if (before) this.#checkpoints.set(id, before);
      else this.#checkpoints.delete(id);
    });
  }

  async deleteCheckpoints(projection: string, generation: number): Promise<void> {
    assertText(projection, 'projection');
    assertGeneration(generation);
    for (const [id, checkpoint] of this.#checkpoints) {
      if (checkpoint.projection === projection && checkpoint.generation === generation) {
        this.#checkpoints.delete(id);
      }
    }
  }
}

function keyOf({ projection, generation, partition }: CheckpointKey): string {
  return JSON.stringify([projection, generation, partition]);
}

function describe({ projection, generation, partition }: CheckpointKey): string {
  return `projection ${projection} (generation ${generation}, partition ${partition})`;
}
