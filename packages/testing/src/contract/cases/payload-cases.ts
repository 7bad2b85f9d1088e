import { randomBytes } from 'node:crypto';
import type { ContractCase } from '../contract-case.js';
import { eventually } from '../eventually.js';
import { bytes, newId } from '../records.js';

export const payloadCases: ContractCase[] = [
  {
    title: 'stores a 1 MB payload byte for byte',
    run: async (t, { strategy }) => {
      const id = newId();
      const state = new Uint8Array(randomBytes(1024 * 1024));
      await strategy.append([{ originatorId: id, originatorVersion: 1, topic: 'Contract.Large', state }]);
      const [stored] = await strategy.selectEvents(id);
      t.is(stored?.state.byteLength, state.byteLength);
      t.true(Buffer.from(stored?.state ?? []).equals(Buffer.from(state)));
    },
  },
  {
    title: 'stores unicode and SQL-looking topics and text exactly',
    run: async (t, { strategy }) => {
      const id = newId();
      const topic = `Ünïcødé.事件.🎉.'";--$1?:name\\`;
      const state = bytes(`{"text":"O'Reilly \\"quoted\\" ? $1 :name -- ; DROP TABLE x; 😀 \\u0000 日本語"}`);
      const positions = await strategy.append([{ originatorId: id, originatorVersion: 1, topic, state }]);
      t.deepEqual(await strategy.selectEvents(id), [
        { originatorId: id, originatorVersion: 1, topic, state },
      ]);
      if (strategy.capabilities.has('notification-log')) {
        const [notification] = await eventually(
          () => strategy.selectNotifications({ start: positions[0] ?? 1, limit: 1, topics: [topic] }),
          (page) => page.length === 1,
        );
        t.is(notification?.topic, topic);
        t.deepEqual(notification?.state, state);
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
];
