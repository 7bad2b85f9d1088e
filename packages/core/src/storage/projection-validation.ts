import { ValidationError } from '../errors/index.js';
import type { CheckpointKey, ProjectionChange } from './projection-store.js';
import { assertInteger, assertText, MAX_POSITION, MAX_VERSION } from './validation.js';

/** Rejects a generation that is not an integer from 1 to {@link MAX_VERSION} (what every store holds). */
export function assertGeneration(value: unknown, what = 'generation'): asserts value is number {
  assertInteger(value, what, 1, MAX_VERSION);
}

/** Rejects a checkpoint position that is not an integer from 0 (not moved yet) to {@link MAX_POSITION}. */
export function assertCheckpointPosition(value: unknown, what: string): asserts value is number {
  assertInteger(value, what, 0, MAX_POSITION);
}

/** Checks a checkpoint's key: a projection name, a generation and a partition from 0 to {@link MAX_VERSION}. */
export function validateCheckpointKey(key: CheckpointKey): void {
  if (typeof key !== 'object' || key === null) {
    throw new ValidationError(`a checkpoint key must be an object; got ${String(key)}`);
  }
  assertText(key.projection, 'projection');
  assertGeneration(key.generation);
  assertInteger(key.partition, 'partition', 0, MAX_VERSION);
}

/** Checks a change of a projection's record before it reaches storage. */
export function validateProjectionChange(change: ProjectionChange): void {
  if (typeof change !== 'object' || change === null) {
    throw new ValidationError(`a projection change must be an object; got ${String(change)}`);
  }
  if (change.generation !== undefined) assertGeneration(change.generation);
  if (change.paused !== undefined && typeof change.paused !== 'boolean') {
    throw new ValidationError(`paused must be a boolean; got ${String(change.paused)}`);
  }
  if (change.rebuilding !== undefined && change.rebuilding !== null) {
    assertGeneration(change.rebuilding, 'rebuilding');
  }
}
