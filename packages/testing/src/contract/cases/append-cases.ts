import { isRecordConflictError, type StoredEvent } from '@annals/core';
import type { ContractCase } from '../contract-case.js';
import { history, newId, versions } from '../records.js';

export const appendCases: ContractCase[] = [
  {
    title: 'appends an aggregate history and reads it back in order',
    run: async (t, { strategy }) => {
      const id = newId();
      await strategy.append(history(id, 1, 3));
      const stored = await strategy.selectEvents(id);
      t.deepEqual(versions(stored), [1, 2, 3]);
      t.deepEqual(stored, history(id, 1, 3));
    },
  },
  {
    title: 'appends several aggregates atomically: all or none',
    needs: ['multi-aggregate-append'],
    run: async (t, { strategy }) => {
      const [a, b] = [newId(), newId()];
      await strategy.append(history(b, 1, 1));
      const error = await t.throwsAsync(strategy.append([...history(a, 1, 2), ...history(b, 1, 2)]));
      t.true(isRecordConflictError(error));
      t.deepEqual(await strategy.selectEvents(a), [], 'nothing of the failed append is stored');
      t.deepEqual(versions(await strategy.selectEvents(b)), [1]);
      await strategy.append([...history(a, 1, 2), ...history(b, 2, 3)]);
      t.deepEqual(versions(await strategy.selectEvents(a)), [1, 2]);
      t.deepEqual(versions(await strategy.selectEvents(b)), [1, 2, 3]);
    },
  },
  {
    title: 'refuses an existing version with a conflict',
    run: async (t, { strategy }) => {
      const id = newId();
      await strategy.append(history(id, 1, 1));
      const error = await t.throwsAsync(strategy.append(history(id, 1, 1, 'Contract.Other')));
      t.true(isRecordConflictError(error));
      t.is((await strategy.selectEvents(id))[0]?.topic, 'Contract.Happened');
    },
  },
  {
    title: 'refuses a batch that conflicts part way through, storing none of it',
    run: async (t, { strategy }) => {
      const id = newId();
      await strategy.append(history(id, 1, 2));
      const error = await t.throwsAsync(strategy.append(history(id, 2, 4)));
      t.true(isRecordConflictError(error));
      t.deepEqual(versions(await strategy.selectEvents(id)), [1, 2]);
    },
  },
  {
    title: 'lets exactly one of many racing writers win each version, leaving no gaps',
    run: async (t, { strategy, writers }) => {
      const id = newId();
      const target = 20;
      const wins = new Map<number, number>();
      const writer = async (writerNumber: number): Promise<void> => {
        for (;;) {
          const latest = await strategy.selectEvents(id, { desc: true, limit: 1 });
          const next = (latest[0]?.originatorVersion ?? 0) + 1;
          if (next > target) return;
          const event: StoredEvent = {
            originatorId: id,
            originatorVersion: next,
            topic: 'Contract.Raced',
            state: Uint8Array.of(writerNumber),
          };
          try {
            await strategy.append([event]);
            t.false(wins.has(next), `version ${next} was won twice`);
            wins.set(next, writerNumber);
          } catch (error) {
            if (!isRecordConflictError(error)) throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: writers }, (_, n) => writer(n)));
      const stored = await strategy.selectEvents(id);
      t.deepEqual(
        versions(stored),
        Array.from({ length: target }, (_, i) => i + 1),
      );
      for (const event of stored) t.is(event.state[0], wins.get(event.originatorVersion));
    },
  },
];
