import type { ExecutionContext } from 'ava';
import type { ActiveRecordStrategy, ClaimedOutboxMessage, OutboxCommit } from '@annals/core';
import { appendAnnounced, ofAggregates } from '../announced.js';
import type { ContractCase } from '../contract-case.js';
import { method } from '../optional-methods.js';
import { bytes, newId } from '../records.js';

/** Watches the strategy for the length of `work`, collecting what it is told. */
async function watching(
  strategy: ActiveRecordStrategy,
  work: (commits: OutboxCommit[]) => Promise<void>,
): Promise<void> {
  const commits: OutboxCommit[] = [];
  const unwatch = method(strategy, 'watchOutbox')((commit) => commits.push(commit));
  try {
    await work(commits);
  } finally {
    unwatch();
  }
}

/** The ids of `ids`' rows one claim hands over (confirming them all), and what the claim said. */
async function claimOwn(
  strategy: ActiveRecordStrategy,
  ids: readonly string[],
  includeDispatched = false,
): Promise<{ readonly handed: string[]; readonly blocked: number }> {
  let handed: ClaimedOutboxMessage[] = [];
  const claim = await method(strategy, 'claimOutbox')(
    10_000,
    async (messages) => {
      handed = ofAggregates(messages, ...ids);
      return handed.map((message) => message.sequence);
    },
    { includeDispatched },
  );
  return { handed: handed.map((message) => message.id), blocked: claim.blocked };
}

const sequencesOf = (commit: OutboxCommit | undefined): number[] =>
  commit?.dispatched.map((message) => message.sequence) ?? [];

function assertAscending(t: ExecutionContext, numbers: readonly number[]): void {
  t.true(
    numbers.every((value, index) => index === 0 || value > (numbers[index - 1] ?? 0)),
    `ascending: ${numbers.join(', ')}`,
  );
}

/**
 * Dispatch on commit. Serial like the relay cases (claims hand over every pending row), and a watcher sees
 * every append of the strategy, so each case watches only while it runs and settles what it was handed.
 * Every case needs `outbox` and `outbox-dispatch`, besides what it lists.
 */
const cases: ContractCase[] = [
  {
    title:
      'an append committed on its own is told to watchers with its rows, which claims leave until settled',
    run: async (t, { strategy }) => {
      const settle = method(strategy, 'settleOutbox');
      const id = newId();
      await watching(strategy, async (commits) => {
        const positions = await appendAnnounced(strategy, id, 1, 2);
        const [commit] = commits.filter((told) => ofAggregates(told.dispatched, id).length > 0);
        t.truthy(commit, 'told right after the commit, before append returned');
        t.deepEqual(
          commit?.dispatched.map((message) => [message.id, message.topic, message.body]),
          [
            [`${id}:1`, 'Contract.Happened', bytes('{"v":1}')],
            [`${id}:2`, 'Contract.Happened', bytes('{"v":2}')],
          ],
        );
        t.is(commit?.claimable, 0);
        assertAscending(t, sequencesOf(commit));
        t.true(commit?.dispatched.every((message) => message.createdAt instanceof Date));
        if (strategy.capabilities.has('notification-log')) {
          t.deepEqual(
            commit?.dispatched.map((message) => message.position),
            [...positions],
          );
        }
        t.deepEqual((await claimOwn(strategy, [id])).handed, [], 'claims leave dispatched rows alone');
        const [first = 0, second = 0] = sequencesOf(commit);
        await settle([first], [second]);
        t.deepEqual(
          ofAggregates(await strategy.selectPendingOutbox(10_000), id).map((message) => message.id),
          [`${id}:2`],
          'the confirmed row is gone, the unconfirmed one pending',
        );
        t.deepEqual((await claimOwn(strategy, [id])).handed, [`${id}:2`], 'handed back to claims');
      });
    },
  },
  {
    title: 'a row behind a pending row of its key is left to claims, which take it once that row is settled',
    run: async (t, { strategy }) => {
      const settle = method(strategy, 'settleOutbox');
      const id = newId();
      await watching(strategy, async (commits) => {
        await appendAnnounced(strategy, id, 1, 1);
        await appendAnnounced(strategy, id, 2, 2);
        const [first, second] = commits.slice(-2);
        t.deepEqual(
          first?.dispatched.map((message) => message.id),
          [`${id}:1`],
        );
        t.deepEqual(second?.dispatched, [], 'version 2 would overtake version 1, still pending');
        t.is(second?.claimable, 1);
        const blocked = await claimOwn(strategy, [id]);
        t.deepEqual(blocked.handed, [], 'not before version 1 is settled');
        t.true(blocked.blocked >= 1, 'the claim says it left a row waiting');
        await settle(sequencesOf(first), []);
        t.deepEqual((await claimOwn(strategy, [id])).handed, [`${id}:2`]);
      });
    },
  },
  {
    title: 'appends inside a transaction are told once it commits, never when it rolls back',
    needs: ['tracking'],
    run: async (t, { strategy }) => {
      const settle = method(strategy, 'settleOutbox');
      const transaction = method(strategy, 'transaction');
      const [committed, rolledBack] = [newId(), newId()];
      await watching(strategy, async (commits) => {
        const toldOf = (id: string): ClaimedOutboxMessage[] =>
          commits.flatMap((commit) => ofAggregates(commit.dispatched, id));
        await transaction(async () => {
          await appendAnnounced(strategy, committed, 1, 2);
          t.deepEqual(toldOf(committed), [], 'not before the commit');
        });
        t.deepEqual(
          toldOf(committed).map((message) => message.id),
          [`${committed}:1`, `${committed}:2`],
        );
        await t.throwsAsync(
          transaction(async () => {
            await appendAnnounced(strategy, rolledBack, 1, 1);
            throw new Error('rolled back on purpose');
          }),
        );
        t.deepEqual(toldOf(rolledBack), []);
        await settle(
          toldOf(committed).map((message) => message.sequence),
          [],
        );
      });
      t.deepEqual(ofAggregates(await strategy.selectPendingOutbox(10_000), committed, rolledBack), []);
    },
  },
  {
    title: 'appends while nobody watches mark nothing',
    run: async (t, { strategy }) => {
      const id = newId();
      await appendAnnounced(strategy, id, 1, 1);
      t.deepEqual((await claimOwn(strategy, [id])).handed, [`${id}:1`]);
    },
  },
  {
    title: 'a claim that includes dispatched rows takes those not settled, as a flush after a crash must',
    run: async (t, { strategy }) => {
      const id = newId();
      await watching(strategy, async (commits) => {
        await appendAnnounced(strategy, id, 1, 2);
        t.is(commits.at(-1)?.dispatched.length, 2);
      });
      t.deepEqual((await claimOwn(strategy, [id], true)).handed, [`${id}:1`, `${id}:2`]);
      t.deepEqual(ofAggregates(await strategy.selectPendingOutbox(10_000), id), []);
    },
  },
];

export const dispatchCases: ContractCase[] = cases.map((contractCase) => ({
  ...contractCase,
  needs: ['outbox', 'outbox-dispatch', ...(contractCase.needs ?? [])],
  serial: true,
}));
