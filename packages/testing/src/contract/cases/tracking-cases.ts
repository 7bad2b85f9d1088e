import { isRecordConflictError } from '@annals/core';
import { casesNeeding } from '../contract-case.js';
import { history, newId, versions } from '../records.js';
import { tracking } from '../requirements.js';

/** `TrackingStore`: tracking records written by appends, and processed message ids. */
export const trackingCases = casesNeeding(tracking, [
  {
    title: 'a tracking record written twice conflicts, and none of that append is stored',
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
  {
    title: 'trackingPositions lists the highest position of every upstream application',
    run: async (t, { strategy }) => {
      const upstream = `upstream-${newId()}`;
      await strategy.append([], { tracking: { application: upstream, position: 4 } });
      await strategy.append([], { tracking: { application: upstream, position: 7 } });
      await strategy.append([], { tracking: { application: `${upstream}-b`, position: 2 } });
      const mine = (await strategy.trackingPositions())
        .filter((record) => record.application.startsWith(upstream))
        .sort((x, y) => x.application.localeCompare(y.application));
      t.deepEqual(mine, [
        { application: upstream, position: 7 },
        { application: `${upstream}-b`, position: 2 },
      ]);
    },
  },
  {
    title: 'a processed message is recorded once per consumer',
    run: async (t, { strategy }) => {
      const [consumer, message] = [`consumer-${newId()}`, newId()];
      t.deepEqual(await strategy.recordProcessedMessages(consumer, [message]), [message]);
      t.deepEqual(await strategy.recordProcessedMessages(consumer, [message]), []);
      t.deepEqual(await strategy.recordProcessedMessages(`${consumer}-other`, [message]), [message]);
    },
  },
  {
    title: 'several messages are recorded at once: the new ones come back in the order given, each once',
    run: async (t, { strategy }) => {
      const consumer = `consumer-${newId()}`;
      const record = (ids: readonly string[]) => strategy.recordProcessedMessages(consumer, ids);
      const [a, b, c, d] = [`z-${newId()}`, `a-${newId()}`, `m-${newId()}`, `'; DROP TABLE x; -- $1 ?`];
      t.deepEqual(await record([b]), [b]);
      t.deepEqual(await record([a, b, c, a, d]), [a, c, d]);
      t.deepEqual(await record([d, c, b, a]), []);
      t.deepEqual(await record([]), []);
    },
  },
]);
