import type { StoredSnapshot } from '@annals/core/storage';
import { casesNeeding } from '../../contract-case.js';
import { bytes, newId } from '../../records.js';
import { assertRefused, LONE_SURROGATE, NUL, Rule, type Refusal } from '../../refusals.js';
import { snapshots } from '../../requirements.js';

/** `SnapshotStore`'s refusals: snapshots follow the rules of events. */
export const snapshotsRefusals = casesNeeding(snapshots, [
  {
    title: 'refuses a malformed snapshot or snapshot read, naming the field and rule, storing nothing',
    run: async (t, { strategy }) => {
      const id = newId();
      const snapshot = (change: Partial<StoredSnapshot>): StoredSnapshot => ({
        originatorId: id,
        originatorVersion: 3,
        topic: 'Contract.Aggregate',
        state: bytes('{}'),
        ...change,
      });
      const insert = (change: Partial<StoredSnapshot>) => () => strategy.insertSnapshot(snapshot(change));
      const refusals: Refusal[] = [
        {
          what: 'an id in upper case',
          attempt: insert({ originatorId: id.toUpperCase() }),
          field: 'originatorId',
          rule: Rule.lowerCase,
        },
        {
          what: 'version 0',
          attempt: insert({ originatorVersion: 0 }),
          field: 'originatorVersion',
          rule: Rule.version,
        },
        {
          what: 'version 2^31',
          attempt: insert({ originatorVersion: 2 ** 31 }),
          field: 'originatorVersion',
          rule: Rule.version,
        },
        {
          what: 'a topic with a lone surrogate',
          attempt: insert({ topic: `Contract.${LONE_SURROGATE}` }),
          field: 'topic',
          rule: Rule.wellFormed,
        },
        {
          what: 'a topic holding NUL',
          attempt: insert({ topic: `Contract.${NUL}` }),
          field: 'topic',
          rule: Rule.noNul,
        },
        {
          what: 'a read of a non-UUID id',
          attempt: () => strategy.selectSnapshot('nope'),
          field: 'originatorId',
          rule: Rule.uuid,
        },
        {
          what: 'a read up to version 1.5',
          attempt: () => strategy.selectSnapshot(id, 1.5),
          field: 'lte',
          rule: Rule.versionOrZero,
        },
        {
          what: 'a read up to version 2^31',
          attempt: () => strategy.selectSnapshot(id, 2 ** 31),
          field: 'lte',
          rule: Rule.versionOrZero,
        },
      ];
      await assertRefused(t, refusals);
      t.is(await strategy.selectSnapshot(id), undefined, 'nothing of the refused snapshots was stored');
    },
  },
]);
