import type { OutboxMessage } from '@annals/core';
import type { ContractCase } from '../contract-case.js';
import { bytes, history, newId } from '../records.js';

const message = (id: string, version: number): OutboxMessage => ({
  id: `${id}:${version}`,
  topic: 'Contract.Happened',
  body: bytes(`{"v":${version}}`),
  headers: { version: String(version) },
});

export const outboxCases: ContractCase[] = [
  {
    title: 'writes outbox messages with the events, atomically, until they are deleted',
    needs: ['outbox'],
    run: async (t, { strategy }) => {
      const id = newId();
      await strategy.append(history(id, 1, 2), { outbox: [message(id, 1), message(id, 2)] });
      await t.throwsAsync(strategy.append(history(id, 2, 3), { outbox: [message(id, 3)] }));
      const pending = (await strategy.selectPendingOutbox(10_000)).filter((m) => m.id.startsWith(id));
      t.deepEqual(
        pending.map((m) => m.id),
        [`${id}:1`, `${id}:2`],
        'the failed append left no outbox message',
      );
      t.deepEqual(pending[0]?.body, message(id, 1).body);
      t.deepEqual(pending[0]?.headers, { version: '1' });
      t.true((pending[0]?.sequence ?? 0) < (pending[1]?.sequence ?? 0));
      await strategy.deleteOutbox(pending.map((m) => m.sequence));
      const after = (await strategy.selectPendingOutbox(10_000)).filter((m) => m.id.startsWith(id));
      t.deepEqual(after, []);
    },
  },
];
