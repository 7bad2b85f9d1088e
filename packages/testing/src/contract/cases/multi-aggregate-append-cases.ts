import { isRecordConflictError, type StoredEvent } from '@annals/core';
import { casesNeeding } from '../contract-case.js';
import { history, newId, versions } from '../records.js';
import { multiAggregateAppend } from '../requirements.js';

/** Capability `multi-aggregate-append`: one append holds events of several aggregates. */
export const multiAggregateAppendCases = casesNeeding(multiAggregateAppend, [
  {
    title: 'appends several aggregates atomically: all or none',
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
    title: 'accepts a batch interleaving aggregates with consecutive versions each',
    run: async (t, { strategy }) => {
      const [a, b] = [newId(), newId()];
      const [a1, a2] = history(a, 1, 2);
      const [b1, b2] = history(b, 1, 2);
      await strategy.append([a1, b1, a2, b2].filter((e): e is StoredEvent => e !== undefined));
      t.is((await strategy.selectEvents(a)).length, 2);
      t.is((await strategy.selectEvents(b)).length, 2);
    },
  },
]);
