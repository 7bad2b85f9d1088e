import { isValidationError, type StoredEvent } from '@annals/core';
import type { ContractCase } from '../contract-case.js';
import { history, newId } from '../records.js';

const event = (originatorId: string, originatorVersion: number): StoredEvent => ({
  originatorId,
  originatorVersion,
  topic: 'Contract.Bad',
  state: new Uint8Array([1]),
});

export const validationCases: ContractCase[] = [
  {
    title: 'rejects malformed appends with a validation error, storing nothing',
    run: async (t, { strategy }) => {
      const id = newId();
      const bad: [string, StoredEvent[]][] = [
        ['an empty batch', []],
        ['a non-UUID id', [event('not-a-uuid', 1)]],
        ['version 0', [event(id, 0)]],
        ['a fractional version', [event(id, 1.5)]],
        ['non-consecutive versions', [event(id, 1), event(id, 3)]],
        ['a valid event beside an invalid one', [event(id, 1), event('x', 1)]],
      ];
      for (const [what, events] of bad) {
        const error = await t.throwsAsync(strategy.append(events), undefined, what);
        t.true(isValidationError(error), `${what}: ${String(error)}`);
      }
      t.deepEqual(await strategy.selectEvents(id), []);
      t.true(isValidationError(await t.throwsAsync(strategy.selectEvents('nope'))));
    },
  },
  {
    title: 'accepts a batch interleaving aggregates with consecutive versions each',
    needs: ['multi-aggregate-append'],
    run: async (t, { strategy }) => {
      const [a, b] = [newId(), newId()];
      const [a1, a2] = history(a, 1, 2);
      const [b1, b2] = history(b, 1, 2);
      await strategy.append([a1, b1, a2, b2].filter((e): e is StoredEvent => e !== undefined));
      t.is((await strategy.selectEvents(a)).length, 2);
      t.is((await strategy.selectEvents(b)).length, 2);
    },
  },
];
