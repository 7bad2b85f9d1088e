import { setTimeout as sleep } from 'node:timers/promises';
import {
  hasTransactions,
  isProjectionNotFoundError,
  isRecordConflictError,
  type ActiveRecordStrategy,
} from '@annals/core';
import type { CheckpointKey, ProjectionStore } from '@annals/core/storage';
import { casesNeeding } from '../contract-case.js';
import { newId } from '../records.js';
import { both, projections, transactions } from '../requirements.js';

const newProjection = (): string => `projection-${newId()}`;

/**
 * Moves `key` from `from` to each of `targets` at once, each move in a transaction of its own where the
 * strategy has them, held open a moment after the move so that the others meet it.
 */
async function race(
  strategy: ActiveRecordStrategy & ProjectionStore,
  key: CheckpointKey,
  from: number,
  targets: readonly number[],
): Promise<PromiseSettledResult<number>[]> {
  const move = async (to: number): Promise<number> => {
    await strategy.moveCheckpoint(key, from, to);
    await sleep(20);
    return to;
  };
  return Promise.allSettled(
    targets.map((to) => (hasTransactions(strategy) ? strategy.transaction(() => move(to)) : move(to))),
  );
}

/** `ProjectionStore`: projections' records, and checkpoints moved by compare-and-set. */
export const projectionsCases = [
  ...casesNeeding(projections, [
    {
      title: 'registering a projection records generation 1, running; registering it again changes nothing',
      run: async (t, { strategy }) => {
        const name = newProjection();
        const fresh = { name, generation: 1, paused: false, rebuilding: undefined };
        t.deepEqual(await strategy.registerProjection(name), fresh);
        await strategy.updateProjection(name, { paused: true });
        t.deepEqual(await strategy.registerProjection(name), { ...fresh, paused: true });
        t.deepEqual(
          (await strategy.projections()).filter((record) => record.name === name),
          [{ ...fresh, paused: true }],
        );
      },
    },
    {
      title: 'updating a projection changes what the change names; an unknown name is not found',
      run: async (t, { strategy }) => {
        const name = newProjection();
        await strategy.registerProjection(name);
        t.deepEqual(await strategy.updateProjection(name, { rebuilding: 2 }), {
          name,
          generation: 1,
          paused: false,
          rebuilding: 2,
        });
        t.deepEqual(await strategy.updateProjection(name, { generation: 2, rebuilding: null }), {
          name,
          generation: 2,
          paused: false,
          rebuilding: undefined,
        });
        const unknown = newProjection();
        const error = await t.throwsAsync(strategy.updateProjection(unknown, { paused: true }));
        t.true(isProjectionNotFoundError(error), String(error));
        t.regex(String(error), new RegExp(unknown));
      },
    },
    {
      title: 'a checkpoint moves only from where it is; a move from elsewhere conflicts and changes nothing',
      run: async (t, { strategy }) => {
        const projection = newProjection();
        const key = { projection, generation: 1, partition: 0 };
        t.is(await strategy.checkpoint(key), 0);
        await strategy.moveCheckpoint(key, 0, 5);
        t.is(await strategy.checkpoint(key), 5);
        for (const from of [0, 3]) {
          const error = await t.throwsAsync(strategy.moveCheckpoint(key, from, 7));
          t.true(isRecordConflictError(error), String(error));
        }
        t.is(await strategy.checkpoint(key), 5);
        await strategy.moveCheckpoint(key, 5, 9);
        const partition = { ...key, partition: 1 };
        t.is(await strategy.checkpoint(partition), 0, 'each partition has a checkpoint of its own');
        const error = await t.throwsAsync(strategy.moveCheckpoint(partition, 4, 6));
        t.true(isRecordConflictError(error), 'a checkpoint that never moved is at 0');
        const [checkpoint, ...others] = await strategy.checkpoints(projection);
        t.deepEqual(others, []);
        t.like(checkpoint, { ...key, position: 9 });
        t.true(checkpoint?.updatedAt instanceof Date && !Number.isNaN(checkpoint.updatedAt.getTime()));
      },
    },
    {
      title:
        'movers racing from 0 and from a later position: exactly one wins each race, the others conflict',
      run: async (t, { strategy }) => {
        const key = { projection: newProjection(), generation: 1, partition: 0 };
        let from = 0;
        for (const targets of [
          [11, 12, 13, 14],
          [21, 22, 23, 24],
        ]) {
          const outcomes = await race(strategy, key, from, targets);
          const won = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
          t.is(won.length, 1, `from ${from}: ${JSON.stringify(outcomes)}`);
          for (const outcome of outcomes) {
            if (outcome.status === 'rejected')
              t.true(isRecordConflictError(outcome.reason), String(outcome.reason));
          }
          from = won[0] ?? from;
          t.is(await strategy.checkpoint(key), from);
        }
      },
    },
    {
      title: 'deleting the checkpoints of a generation forgets those and no others',
      run: async (t, { strategy }) => {
        const [projection, other] = [newProjection(), newProjection()];
        const at = (name: string, generation: number, partition: number) => ({
          projection: name,
          generation,
          partition,
        });
        await strategy.moveCheckpoint(at(projection, 1, 0), 0, 3);
        await strategy.moveCheckpoint(at(projection, 1, 1), 0, 4);
        await strategy.moveCheckpoint(at(projection, 2, 0), 0, 5);
        await strategy.moveCheckpoint(at(other, 1, 0), 0, 6);
        await strategy.deleteCheckpoints(projection, 1);
        t.deepEqual(
          (await strategy.checkpoints(projection)).map(({ generation, partition, position }) => [
            generation,
            partition,
            position,
          ]),
          [[2, 0, 5]],
        );
        t.is(await strategy.checkpoint(at(projection, 1, 0)), 0);
        t.is(await strategy.checkpoint(at(other, 1, 0)), 6);
        await strategy.moveCheckpoint(at(projection, 1, 0), 0, 1);
        t.is(
          await strategy.checkpoint(at(projection, 1, 0)),
          1,
          'a forgotten checkpoint starts again from 0',
        );
      },
    },
  ]),
  ...casesNeeding(both(projections, transactions), [
    {
      title: 'a checkpoint moved and a projection changed in a transaction that rolls back stay as they were',
      run: async (t, { strategy }) => {
        const name = newProjection();
        const key = { projection: name, generation: 1, partition: 0 };
        await strategy.registerProjection(name);
        await strategy.moveCheckpoint(key, 0, 2);
        await t.throwsAsync(
          strategy.transaction(async () => {
            await strategy.moveCheckpoint(key, 2, 8);
            await strategy.updateProjection(name, { generation: 2 });
            throw new Error('the batch failed');
          }),
          { message: 'the batch failed' },
        );
        t.is(await strategy.checkpoint(key), 2);
        t.is((await strategy.registerProjection(name)).generation, 1);
        await strategy.transaction(() => strategy.moveCheckpoint(key, 2, 8));
        t.is(await strategy.checkpoint(key), 8, 'and one in a transaction that commits has moved');
      },
    },
  ]),
];
