import { isRecordConflictError } from '@annals/core';
import type { ContractCase } from '../contract-case.js';
import { history, newId, versions } from '../records.js';

export const trackingCases: ContractCase[] = [
  {
    title: 'a tracking record written twice conflicts, and none of that append is stored',
    needs: ['tracking'],
    run: async (t, { strategy }) => {
      const upstream = `upstream-${newId()}`;
      const [a, b] = [newId(), newId()];
      await strategy.append(history(a, 1, 1), { tracking: { application: upstream, position: 5 } });
      t.is(await strategy.maxTrackingPosition(upstream), 5);
      const error = await t.throwsAsync(
        strategy.append(history(b, 1, 2), { tracking: { application: upstream, position: 5 } }),
      );
      t.true(isRecordConflictError(error));
      t.deepEqual(await strategy.selectEvents(b), []);
      t.deepEqual(versions(await strategy.selectEvents(a)), [1]);
    },
  },
  {
    title: 'records tracking alone and reports the highest position per application',
    needs: ['tracking'],
    run: async (t, { strategy }) => {
      const upstream = `upstream-${newId()}`;
      t.is(await strategy.maxTrackingPosition(upstream), 0);
      await strategy.append([], { tracking: { application: upstream, position: 3 } });
      await strategy.append([], { tracking: { application: upstream, position: 9 } });
      await strategy.append([], { tracking: { application: `${upstream}-other`, position: 20 } });
      t.is(await strategy.maxTrackingPosition(upstream), 9);
    },
  },
  {
    title: 'a conflicting event rolls back the tracking record of the same append',
    needs: ['tracking'],
    run: async (t, { strategy }) => {
      const upstream = `upstream-${newId()}`;
      const id = newId();
      await strategy.append(history(id, 1, 1));
      await t.throwsAsync(
        strategy.append(history(id, 1, 1), { tracking: { application: upstream, position: 1 } }),
      );
      t.is(await strategy.maxTrackingPosition(upstream), 0);
    },
  },
];
