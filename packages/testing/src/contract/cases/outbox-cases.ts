import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OutboxMessage, StoredEvent } from '@annals/core';
import { announced, appendAnnounced, messageOf } from '../announced.js';
import { claimRecording, pendingOf } from '../claims.js';
import { casesNeeding } from '../contract-case.js';
import { bytes, history, newId } from '../records.js';
import { both, notificationLog, outbox, transactions } from '../requirements.js';

/** A message about no event, such as `app.enqueue` writes. */
const unrelated = (orderingKey: string): OutboxMessage => ({
  id: randomUUID(),
  orderingKey,
  exchange: '',
  routingKey: 'contract.unrelated',
  contentType: 'application/octet-stream',
  body: bytes('unrelated'),
});

/**
 * `OutboxStore`. Claims run one at a time (`serial`): a claim hands over every pending row, so two cases
 * claiming at once would take each other's rows. Each case keys its messages by ids of its own and
 * confirms only those.
 */
export const outboxCases = [
  ...casesNeeding(outbox, [
    {
      title: 'writes outbox messages with the events, atomically, and hands every field back as written',
      serial: true,
      run: async (t, { strategy }) => {
        const id = newId();
        const written = history(id, 1, 2).map(messageOf);
        await strategy.append(history(id, 1, 2), { outbox: written });
        await t.throwsAsync(strategy.append(history(id, 2, 3), { outbox: history(id, 3, 3).map(messageOf) }));
        const pending = await pendingOf(strategy, id);
        t.deepEqual(
          pending.map(({ sequence: _s, createdAt: _c, position: _p, ...message }) => message),
          written,
          'the failed append left no outbox message',
        );
        t.true((pending[0]?.sequence ?? 0) < (pending[1]?.sequence ?? 0));
        t.true(pending.every((message) => message.createdAt instanceof Date));
        const { claim } = await claimRecording(strategy, [id], { confirm: true });
        t.true(claim.confirmed >= 2);
        t.deepEqual(await pendingOf(strategy, id), []);
      },
    },
    {
      title: 'an append may hold messages about no event, without any event',
      serial: true,
      run: async (t, { strategy }) => {
        const key = `order-${newId()}`;
        const [first, second] = [unrelated(key), { ...unrelated(key), headers: { 'x-kind': 'second' } }];
        t.deepEqual(await strategy.append([], { outbox: [first, second] }), []);
        const { handed } = await claimRecording(strategy, [key], { confirm: true });
        t.deepEqual(
          handed.map((message) => [message.id, message.exchange, message.body, message.headers ?? {}]),
          [
            [first.id, '', first.body, {}],
            [second.id, '', second.body, { 'x-kind': 'second' }],
          ],
        );
        t.true(handed.every((message) => message.event === undefined && message.position === undefined));
      },
    },
    {
      title: 'claimOutbox hands rows over oldest first and removes only confirmed ones',
      serial: true,
      run: async (t, { strategy }) => {
        const id = newId();
        await appendAnnounced(strategy, id, 1, 3);
        let handed: readonly string[] = [];
        const first = await strategy.claimOutbox(10_000, async (messages) => {
          const mine = messages.filter((message) => message.orderingKey === id);
          handed = announced(mine);
          return mine.slice(0, 2).map((message) => message.sequence);
        });
        t.deepEqual(handed, [`${id}:1`, `${id}:2`, `${id}:3`]);
        t.true(first.claimed >= 3);
        t.is(first.confirmed, 2);
        t.deepEqual(announced(await pendingOf(strategy, id)), [`${id}:3`]);
        const backlog = await strategy.outboxBacklog();
        t.true(backlog.pending >= 1);
        t.true(backlog.oldest instanceof Date);
        await claimRecording(strategy, [id], { confirm: true });
        t.deepEqual(await pendingOf(strategy, id), []);
      },
    },
    {
      title: 'a claim skips rows another claim holds, and never overtakes an older row of the same key',
      serial: true,
      run: async (t, { strategy }) => {
        const [a, b, c] = [newId(), newId(), newId()];
        await appendAnnounced(strategy, a, 1, 1);
        await appendAnnounced(strategy, b, 1, 1);
        let release: () => void = () => undefined;
        const released = new Promise<void>((resolve) => {
          release = resolve;
        });
        let holding: () => void = () => undefined;
        const held = new Promise<void>((resolve) => {
          holding = resolve;
        });
        const firstClaim = strategy.claimOutbox(10_000, async (messages) => {
          holding();
          await released;
          return messages.filter((m) => [a, b].includes(m.orderingKey)).map((m) => m.sequence);
        });
        await held;
        await appendAnnounced(strategy, a, 2, 2);
        await appendAnnounced(strategy, c, 1, 1);
        const second = await claimRecording(strategy, [a, b, c], { confirm: true });
        release();
        await firstClaim;
        t.deepEqual(announced(second.handed), [`${c}:1`], 'held rows are skipped, and a:2 waits for a:1');
        t.true(second.claim.blocked >= 1, 'the claim says it left a row waiting');
        const third = await claimRecording(strategy, [a, b, c], { confirm: true });
        t.deepEqual(announced(third.handed), [`${a}:2`]);
      },
    },
  ]),
  ...casesNeeding(both(outbox, notificationLog), [
    {
      title: 'a claimed row has the position of its event, whether appended with it or before it',
      serial: true,
      run: async (t, { strategy }) => {
        const [together, before, other] = [newId(), newId(), newId()];
        const [togetherAt] = await appendAnnounced(strategy, together, 1, 1);
        const [beforeAt] = await strategy.append(history(before, 1, 1));
        const foreign = unrelated(other);
        await strategy.append(history(other, 1, 1), {
          outbox: [messageOf(history(before, 1, 1)[0] as StoredEvent), foreign],
        });
        const { handed } = await claimRecording(strategy, [together, before, other], { confirm: true });
        t.deepEqual(
          handed.map((message) => [message.orderingKey, message.position]),
          [
            [together, togetherAt],
            [before, beforeAt],
            [other, undefined],
          ],
        );
      },
    },
  ]),
  ...casesNeeding(both(outbox, transactions), [
    {
      title: 'a claim never hands over rows of a transaction that has not committed',
      serial: true,
      run: async (t, { strategy }) => {
        const id = newId();
        const writing = strategy.transaction(async () => {
          await appendAnnounced(strategy, id, 1, 1);
          await sleep(300);
          throw new Error('rolled back on purpose');
        });
        await sleep(50);
        const during = await pendingOf(strategy, id);
        await t.throwsAsync(writing, { message: 'rolled back on purpose' });
        t.deepEqual(during, []);
        t.deepEqual(await pendingOf(strategy, id), []);
        t.deepEqual(await strategy.selectEvents(id), []);
      },
    },
  ]),
];
