import type { Notification } from '@annals/core';
import { casesNeeding } from '../contract-case.js';
import { eventually } from '../eventually.js';
import { history, newId } from '../records.js';
import { both, multiAggregateAppend, notificationLog } from '../requirements.js';

const increasing = (positions: readonly number[]): boolean =>
  positions.every((p, i) => i === 0 || p > (positions[i - 1] ?? 0));

/** `NotificationLogStore`. */
export const notificationLogCases = [
  ...casesNeeding(both(notificationLog, multiAggregateAppend), [
    {
      title: 'gives appended events strictly increasing notification positions and reads them back',
      run: async (t, { strategy }) => {
        const [a, b] = [newId(), newId()];
        const first = await strategy.append([...history(a, 1, 2), ...history(b, 1, 1)]);
        const second = await strategy.append(history(a, 3, 4));
        const positions = [...first, ...second];
        t.is(positions.length, 5);
        t.true(increasing(positions), `positions ${positions.join(', ')} are not strictly increasing`);
        const last = positions.at(-1) ?? 0;
        t.true(
          (await eventually(
            () => strategy.maxNotificationPosition(),
            (max) => max >= last,
          )) >= last,
        );
        const read = await eventually(
          // Other cases append beside this one: their events may lie between ours, however many there are.
          () => strategy.selectNotifications({ start: positions[0] ?? 1, limit: 100_000, stop: last }),
          (page) => page.some((n) => n.position === last),
        );
        const ours = read.filter((n) => n.originatorId === a || n.originatorId === b);
        t.deepEqual(
          ours.map((n) => [n.position, n.originatorId, n.originatorVersion]),
          [
            [positions[0], a, 1],
            [positions[1], a, 2],
            [positions[2], b, 1],
            [positions[3], a, 3],
            [positions[4], a, 4],
          ],
        );
      },
    },
  ]),
  ...casesNeeding(notificationLog, [
    {
      title: 'never reuses a position, also under concurrent appends and after a failed one',
      run: async (t, { strategy }) => {
        const id = newId();
        await strategy.append(history(id, 1, 1));
        await t.throwsAsync(strategy.append(history(id, 1, 1)));
        const results = await Promise.all(
          Array.from({ length: 25 }, () => strategy.append(history(newId(), 1, 3))),
        );
        const positions = results.flat();
        t.is(new Set(positions).size, 75);
        for (const batch of results) t.true(increasing(batch));
        const read = await eventually(
          () =>
            strategy.selectNotifications({
              start: Math.min(...positions),
              limit: 100_000,
              stop: Math.max(...positions),
            }),
          (page) => page.some((n) => n.position === Math.max(...positions)),
        );
        const seen = new Set(read.map((n) => n.position));
        for (const position of positions)
          t.true(seen.has(position), `position ${position} is missing from the log`);
        t.true(increasing(read.map((n) => n.position)));
      },
    },
    {
      title: 'pages the log by start, limit and stop',
      run: async (t, { strategy }) => {
        const positions = await strategy.append(history(newId(), 1, 6));
        const start = positions[0] ?? 1;
        const page = await eventually(
          () => strategy.selectNotifications({ start, limit: 3 }),
          (read) => read.length === 3,
        );
        t.is(page.length, 3);
        t.is(page[0]?.position, start);
        const stopped = await eventually(
          () => strategy.selectNotifications({ start, limit: 100_000, stop: positions[3] }),
          (read) => read.some((n) => n.position === positions[3]),
        );
        t.true(stopped.every((n) => n.position >= start && n.position <= (positions[3] ?? 0)));
        t.deepEqual(
          stopped.map((n) => n.position).filter((p) => positions.includes(p)),
          positions.slice(0, 4),
        );
      },
    },
    {
      title: 'filters the log by topics',
      run: async (t, { strategy }) => {
        const id = newId();
        const topicA = `Contract.A.${id}`;
        const topicB = `Contract.B.${id}`;
        const positions = await strategy.append([
          ...history(id, 1, 1, topicA),
          ...history(id, 2, 2, topicB),
          ...history(id, 3, 3, topicA),
          ...history(id, 4, 4, 'Contract.Unrelated'),
        ]);
        const start = positions[0] ?? 1;
        const upTo = (last: number) => (page: readonly Notification[]) =>
          page.some((n) => n.position === last);
        const onlyA = await eventually(
          () => strategy.selectNotifications({ start, limit: 100, topics: [topicA] }),
          upTo(positions[2] ?? 0),
        );
        t.deepEqual(
          onlyA.map((n) => n.originatorVersion),
          [1, 3],
        );
        const both = await eventually(
          () => strategy.selectNotifications({ start, limit: 100, topics: [topicA, topicB] }),
          upTo(positions[2] ?? 0),
        );
        t.deepEqual(
          both.map((n) => n.originatorVersion),
          [1, 2, 3],
        );
        const limited = await eventually(
          () => strategy.selectNotifications({ start, limit: 1, topics: [topicB] }),
          upTo(positions[1] ?? 0),
        );
        t.deepEqual(
          limited.map((n) => n.topic),
          [topicB],
        );
      },
    },
  ]),
];
