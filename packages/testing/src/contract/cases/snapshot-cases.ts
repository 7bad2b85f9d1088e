import type { ContractCase } from '../contract-case.js';
import { bytes, newId } from '../records.js';

export const snapshotCases: ContractCase[] = [
  {
    title: 'stores snapshots and finds the latest at or before a version',
    needs: ['snapshots'],
    run: async (t, { strategy }) => {
      const id = newId();
      t.is(await strategy.selectSnapshot(id), undefined);
      const snapshot = (version: number) => ({
        originatorId: id,
        originatorVersion: version,
        topic: 'Contract.Aggregate',
        state: bytes(`{"at":${version}}`),
      });
      await strategy.insertSnapshot(snapshot(5));
      await strategy.insertSnapshot(snapshot(10));
      t.deepEqual(await strategy.selectSnapshot(id), snapshot(10));
      t.deepEqual(await strategy.selectSnapshot(id, 9), snapshot(5));
      t.deepEqual(await strategy.selectSnapshot(id, 10), snapshot(10));
      t.is(await strategy.selectSnapshot(id, 4), undefined);
    },
  },
];
