import type { StoredEvent } from '@annals/core';
import type { ContractCase } from '../contract-case.js';
import { history, newId, versions } from '../records.js';

export const readCases: ContractCase[] = [
  {
    title: 'reads ranges: after a version, up to a version, descending, limited',
    run: async (t, { strategy }) => {
      const id = newId();
      await strategy.append(history(id, 1, 10));
      t.deepEqual(versions(await strategy.selectEvents(id, { gt: 7 })), [8, 9, 10]);
      t.deepEqual(versions(await strategy.selectEvents(id, { lte: 3 })), [1, 2, 3]);
      t.deepEqual(versions(await strategy.selectEvents(id, { gt: 3, lte: 6 })), [4, 5, 6]);
      t.deepEqual(versions(await strategy.selectEvents(id, { desc: true, limit: 2 })), [10, 9]);
      t.deepEqual(versions(await strategy.selectEvents(id, { desc: true, lte: 5, limit: 2 })), [5, 4]);
      t.deepEqual(versions(await strategy.selectEvents(id, { gt: 2, limit: 3 })), [3, 4, 5]);
      t.deepEqual(versions(await strategy.selectEvents(id, { gt: 2, lte: 5, desc: true })), [5, 4, 3]);
      t.deepEqual(await strategy.selectEvents(id, { gt: 10 }), []);
      t.deepEqual(await strategy.selectEvents(newId()), []);
    },
  },
  {
    title: 'streams a long history in order, equal to the selected one',
    run: async (t, { strategy }) => {
      const id = newId();
      for (let from = 1; from <= 2500; from += 500) await strategy.append(history(id, from, from + 499));
      const streamed: StoredEvent[] = [];
      for await (const event of strategy.streamEvents(id)) streamed.push(event);
      t.is(streamed.length, 2500);
      t.deepEqual(streamed, await strategy.selectEvents(id));
      const ranged: number[] = [];
      for await (const event of strategy.streamEvents(id, { gt: 1000, lte: 2200, desc: true, limit: 1100 })) {
        ranged.push(event.originatorVersion);
      }
      t.deepEqual(
        ranged,
        Array.from({ length: 1100 }, (_, i) => 2200 - i),
      );
    },
  },
];
