import { randomBytes } from 'node:crypto';
import {
  hasNotificationLog,
  isNotSupportedError,
  isRecordConflictError,
  type ActiveRecordStrategy,
  stateBytes,
  type Capability,
  type ReadEvent,
  type StoredEvent,
} from '@annals/core';
import type { AppendOptions, EventRange } from '@annals/core/storage';
import { messageOf } from '../announced.js';
import { casesNeeding } from '../contract-case.js';
import { eventually } from '../eventually.js';
import { asStored, bytes, history, newId, versions } from '../records.js';
import { events } from '../requirements.js';

/** Appends that need a capability, to show that a strategy without it refuses them. */
const needing = (): [Capability, readonly StoredEvent[], AppendOptions][] => {
  const [a, b] = [newId(), newId()];
  return [
    ['multi-aggregate-append', [...history(a, 1, 1), ...history(b, 1, 1)], {}],
    ['tracking', history(a, 1, 1), { tracking: { application: `upstream-${a}`, position: 1 } }],
    ['outbox', history(a, 1, 1), { outbox: history(a, 1, 1).map(messageOf) }],
  ];
};

/** The base port, `ActiveRecordStrategy`: appends, reads and the refusals every strategy shares. */
export const eventsCases = casesNeeding<ActiveRecordStrategy>(events, [
  {
    title: 'appends an aggregate history and reads it back in order',
    run: async (t, { strategy }) => {
      const id = newId();
      await strategy.append(history(id, 1, 3));
      const stored = await strategy.selectEvents(id);
      t.deepEqual(versions(stored), [1, 2, 3]);
      t.deepEqual(stored.map(asStored), history(id, 1, 3));
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
      const streamed: ReadEvent[] = [];
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
  {
    title: 'streams a long history in pages, none empty, equal to the streamed events',
    run: async (t, { strategy }) => {
      const id = newId();
      for (let from = 1; from <= 2500; from += 500) await strategy.append(history(id, from, from + 499));
      const pages = async (range: EventRange): Promise<(readonly ReadEvent[])[]> => {
        const read: (readonly ReadEvent[])[] = [];
        for await (const page of strategy.streamEventPages(id, range)) read.push(page);
        return read;
      };
      const whole = await pages({});
      t.true(whole.length > 1, 'a long history comes in more than one page');
      t.true(whole.every((page) => page.length > 0));
      t.deepEqual(whole.flat(), await strategy.selectEvents(id));
      const ranged = { gt: 1000, lte: 2200, desc: true, limit: 1100 };
      const streamed: ReadEvent[] = [];
      for await (const event of strategy.streamEvents(id, ranged)) streamed.push(event);
      t.deepEqual((await pages(ranged)).flat(), streamed);
      t.deepEqual(await pages({ gt: 2500 }), []);
    },
  },
  {
    title: 'stores a 1 MB payload byte for byte',
    run: async (t, { strategy }) => {
      const id = newId();
      const state = new Uint8Array(randomBytes(1024 * 1024));
      await strategy.append([{ originatorId: id, originatorVersion: 1, topic: 'Contract.Large', state }]);
      const [stored] = await strategy.selectEvents(id);
      t.true(Buffer.from(stateBytes(stored?.state ?? '')).equals(Buffer.from(state)));
    },
  },
  {
    title: 'stores unicode and SQL-looking topics and text exactly',
    run: async (t, { strategy }) => {
      const id = newId();
      const topic = `Ünïcødé.事件.🎉.'";--$1?:name\\`;
      const state = bytes(`{"text":"O'Reilly \\"quoted\\" ? $1 :name -- ; DROP TABLE x; 😀 \\u0000 日本語"}`);
      const positions = await strategy.append([{ originatorId: id, originatorVersion: 1, topic, state }]);
      t.deepEqual((await strategy.selectEvents(id)).map(asStored), [
        { originatorId: id, originatorVersion: 1, topic, state },
      ]);
      if (hasNotificationLog(strategy)) {
        const [notification] = await eventually(
          () => strategy.selectNotifications({ start: positions[0] ?? 1, limit: 1, topics: [topic] }),
          (page) => page.length === 1,
        );
        t.is(notification?.topic, topic);
        t.deepEqual(stateBytes(notification?.state ?? ''), state);
      }
    },
  },
  {
    title: 'stores binary payloads holding every byte value',
    run: async (t, { strategy }) => {
      const id = newId();
      const state = Uint8Array.from({ length: 512 }, (_, i) => (i * 7) % 256);
      await strategy.append([{ originatorId: id, originatorVersion: 1, topic: 'Contract.Binary', state }]);
      const [stored] = await strategy.selectEvents(id);
      t.true(stored?.state instanceof Uint8Array);
      t.deepEqual([...(stored?.state ?? [])], [...state]);
    },
  },
  {
    title: 'reads back byte for byte states that start like JSON text but are not UTF-8 text',
    run: async (t, { strategy }) => {
      const id = newId();
      const states = [
        Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d),
        Uint8Array.of(0x20, 0x7b, 0x00, 0x7d),
        Uint8Array.of(0x7b, 0xed, 0xa0, 0x80, 0x7d),
        bytes(' {"name":"Zoë ☃ 𝄞"}'),
        Uint8Array.of(0x20),
      ];
      const stored = states.map((state, index) => ({
        originatorId: id,
        originatorVersion: index + 1,
        topic: 'Contract.Bytes',
        state,
      }));
      const positions = await strategy.append(stored);
      t.deepEqual((await strategy.selectEvents(id)).map(asStored), stored);
      t.deepEqual((await strategy.selectEvents(id, { gt: 3 })).map(asStored), stored.slice(3));
      if (hasNotificationLog(strategy)) {
        const start = positions[0] ?? 1;
        const page = await eventually(
          () => strategy.selectNotifications({ start, limit: states.length, topics: ['Contract.Bytes'] }),
          (notifications) => notifications.length === states.length,
        );
        t.deepEqual(
          page.map((notification) => stateBytes(notification.state)),
          states,
        );
        const stop = positions.at(-1) ?? start;
        const stopped = await strategy.selectNotifications({ start, limit: stop - start + 1, stop });
        t.deepEqual(
          stopped.filter((notification) => notification.originatorId === id).map((n) => stateBytes(n.state)),
          states,
        );
      }
    },
  },
  {
    title: 'refuses, storing nothing, an append that needs a capability the strategy does not declare',
    run: async (t, { strategy }) => {
      for (const [capability, events, options] of needing()) {
        if (strategy.capabilities.has(capability)) continue;
        const error = await t.throwsAsync(strategy.append(events, options), undefined, capability);
        t.true(isNotSupportedError(error), `without ${capability}: ${String(error)}`);
        for (const id of new Set(events.map((event) => event.originatorId))) {
          t.deepEqual(await strategy.selectEvents(id), [], `without ${capability}`);
        }
      }
      t.pass();
    },
  },
]);
