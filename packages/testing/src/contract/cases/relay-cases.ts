import { setTimeout as sleep } from 'node:timers/promises';
import type { ClaimedOutboxMessage, OutboxMessage, StoredEvent } from '@annals/core';
import { appendAnnounced, messageOf, ofAggregates } from '../announced.js';
import type { ContractCase } from '../contract-case.js';
import { method } from '../optional-methods.js';
import { bytes, history, newId } from '../records.js';

/**
 * Claims run one at a time (`serial`): a claim hands over every pending row, so two cases claiming at
 * once would take each other's rows. Each case confirms only its own rows and leaves the others pending.
 */
export const relayCases: ContractCase[] = [
  {
    title: 'a claimed row has the position of its event, whether appended with it or before it',
    needs: ['outbox', 'notification-log'],
    serial: true,
    run: async (t, { strategy }) => {
      const claim = method(strategy, 'claimOutbox');
      const [together, before, other] = [newId(), newId(), newId()];
      const [togetherAt = 0] = await appendAnnounced(strategy, together, 1, 1);
      const [beforeAt = 0] = await strategy.append(history(before, 1, 1));
      const foreign: OutboxMessage = { id: `order-${other}`, topic: 'Contract.Foreign', body: bytes('{}') };
      await strategy.append(history(other, 1, 1), {
        outbox: [{ ...messageOf(history(before, 1, 1)[0] as StoredEvent) }, foreign],
      });
      let handed: ClaimedOutboxMessage[] = [];
      await claim(10_000, async (messages) => {
        handed = messages.filter((message) =>
          [together, before, `order-${other}`].some((id) => message.id.startsWith(id)),
        );
        return handed.map((message) => message.sequence);
      });
      t.deepEqual(
        handed.map((message) => [message.id, message.position]),
        [
          [`${together}:1`, togetherAt],
          [`${before}:1`, beforeAt],
          [`order-${other}`, undefined],
        ],
      );
    },
  },
  {
    title: 'claimOutbox hands rows over oldest first with their positions, and removes only confirmed ones',
    needs: ['outbox'],
    serial: true,
    run: async (t, { strategy }) => {
      const claim = method(strategy, 'claimOutbox');
      const id = newId();
      const positions = await appendAnnounced(strategy, id, 1, 3);
      let handed: ClaimedOutboxMessage[] = [];
      const first = await claim(10_000, async (messages) => {
        handed = ofAggregates(messages, id);
        return handed.slice(0, 2).map((message) => message.sequence);
      });
      t.deepEqual(
        handed.map((message) => message.id),
        [`${id}:1`, `${id}:2`, `${id}:3`],
      );
      t.deepEqual(handed[0]?.body, bytes('{"v":1}'));
      t.is(handed[0]?.topic, 'Contract.Happened');
      t.true(
        handed.every(
          (message, index) => index === 0 || message.sequence > (handed[index - 1]?.sequence ?? 0),
        ),
      );
      if (strategy.capabilities.has('notification-log')) {
        t.deepEqual(
          handed.map((message) => message.position),
          [...positions],
        );
      }
      t.true(first.claimed >= 3);
      t.is(first.confirmed, 2);
      const left = ofAggregates(await strategy.selectPendingOutbox(10_000), id);
      t.deepEqual(
        left.map((message) => message.id),
        [`${id}:3`],
      );
      const backlog = await method(strategy, 'outboxBacklog')();
      t.true(backlog.pending >= 1);
      t.true(backlog.oldest instanceof Date);
      await claim(10_000, async (messages) => ofAggregates(messages, id).map((message) => message.sequence));
      t.deepEqual(ofAggregates(await strategy.selectPendingOutbox(10_000), id), []);
    },
  },
  {
    title: 'a claim skips rows another claim holds, and never overtakes an older row of the same aggregate',
    needs: ['outbox'],
    serial: true,
    run: async (t, { strategy }) => {
      const claim = method(strategy, 'claimOutbox');
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
      const firstClaim = claim(10_000, async (messages) => {
        const mine = ofAggregates(messages, a, b);
        holding();
        await released;
        return mine.map((message) => message.sequence);
      });
      await held;
      await appendAnnounced(strategy, a, 2, 2);
      await appendAnnounced(strategy, c, 1, 1);
      let second: string[] = [];
      await claim(10_000, async (messages) => {
        const mine = ofAggregates(messages, a, b, c);
        second = mine.map((message) => message.id);
        return mine.map((message) => message.sequence);
      });
      release();
      await firstClaim;
      t.deepEqual(second, [`${c}:1`], 'held rows are skipped, and a:2 waits for a:1');
      let third: string[] = [];
      await claim(10_000, async (messages) => {
        const mine = ofAggregates(messages, a, b, c);
        third = mine.map((message) => message.id);
        return mine.map((message) => message.sequence);
      });
      t.deepEqual(third, [`${a}:2`]);
    },
  },
  {
    title: 'a claim never hands over rows of a transaction that has not committed',
    needs: ['outbox', 'tracking'],
    serial: true,
    run: async (t, { strategy }) => {
      const claim = method(strategy, 'claimOutbox');
      const id = newId();
      const writing = method(
        strategy,
        'transaction',
      )(async () => {
        await appendAnnounced(strategy, id, 1, 1);
        await sleep(300);
        throw new Error('rolled back on purpose');
      });
      await sleep(50);
      const seen: string[] = [];
      await claim(10_000, async (messages) => {
        seen.push(...ofAggregates(messages, id).map((message) => message.id));
        return [];
      });
      await t.throwsAsync(writing, { message: 'rolled back on purpose' });
      t.deepEqual(seen, []);
      t.deepEqual(ofAggregates(await strategy.selectPendingOutbox(10_000), id), []);
      t.deepEqual(await strategy.selectEvents(id), []);
    },
  },
];
