import type { ExecutionContext } from 'ava';
import { hasNotificationLog } from '@annals/core';
import type { OutboxCommit, OutboxDispatch } from '@annals/core/storage';
import { announced, appendAnnounced, keyedBy } from '../announced.js';
import { claimRecording, pendingOf } from '../claims.js';
import { casesNeeding } from '../contract-case.js';
import { bytes, newId } from '../records.js';
import { both, outboxDispatch, transactions } from '../requirements.js';

/** Watches the strategy for the length of `work`, collecting what it is told. */
async function watching(
  strategy: OutboxDispatch,
  work: (commits: readonly OutboxCommit[]) => Promise<void>,
): Promise<void> {
  const commits: OutboxCommit[] = [];
  const unwatch = strategy.watchOutbox((commit) => commits.push(commit));
  try {
    await work(commits);
  } finally {
    unwatch();
  }
}

/** The commits that dispatched rows of the key `key`. */
const dispatching = (commits: readonly OutboxCommit[], key: string): OutboxCommit[] =>
  commits.filter((commit) => keyedBy(commit.dispatched, key).length > 0);

const sequencesOf = (commit: OutboxCommit | undefined): number[] =>
  commit?.dispatched.map((message) => message.sequence) ?? [];

function assertAscending(t: ExecutionContext, numbers: readonly number[]): void {
  t.true(
    numbers.every((value, index) => index === 0 || value > (numbers[index - 1] ?? 0)),
    `ascending: ${numbers.join(', ')}`,
  );
}

/**
 * `OutboxDispatch`. Serial like the outbox cases (claims hand over every pending row), and a watcher sees
 * every append of the strategy, so each case watches only while it runs and settles what it was handed.
 */
const dispatchCases = [
  ...casesNeeding(outboxDispatch, [
    {
      title:
        'an append committed on its own is told to watchers with its rows, which claims leave until settled',
      run: async (t, { strategy }) => {
        const id = newId();
        await watching(strategy, async (commits) => {
          const positions = await appendAnnounced(strategy, id, 1, 2);
          const [commit] = dispatching(commits, id);
          t.truthy(commit, 'told right after the commit, before append returned');
          t.deepEqual(
            commit?.dispatched.map((message) => [message.orderingKey, message.body]),
            [
              [id, bytes('{"v":1}')],
              [id, bytes('{"v":2}')],
            ],
          );
          t.is(commit?.claimable, 0);
          assertAscending(t, sequencesOf(commit));
          t.true(commit?.dispatched.every((message) => message.createdAt instanceof Date));
          if (hasNotificationLog(strategy)) {
            t.deepEqual(
              commit?.dispatched.map((message) => message.position),
              [...positions],
            );
          }
          t.deepEqual(await pendingOf(strategy, id), [], 'claims leave dispatched rows alone');
          const [first = 0, second = 0] = sequencesOf(commit);
          await strategy.settleOutbox([first], [second]);
          t.deepEqual(
            announced(await pendingOf(strategy, id)),
            [`${id}:2`],
            'the confirmed row is gone, the unconfirmed one handed back to claims',
          );
          await claimRecording(strategy, [id], { confirm: true });
        });
      },
    },
    {
      title:
        'a row behind a pending row of its key is left to claims, which take it once that row is settled',
      run: async (t, { strategy }) => {
        const id = newId();
        await watching(strategy, async (commits) => {
          await appendAnnounced(strategy, id, 1, 1);
          await appendAnnounced(strategy, id, 2, 2);
          const [first, second] = commits.slice(-2);
          t.deepEqual(announced(first?.dispatched ?? []), [`${id}:1`]);
          t.deepEqual(second?.dispatched, [], 'version 2 would overtake version 1, still pending');
          t.is(second?.claimable, 1);
          const blocked = await claimRecording(strategy, [id], { confirm: true });
          t.deepEqual(blocked.handed, [], 'not before version 1 is settled');
          t.true(blocked.claim.blocked >= 1, 'the claim says it left a row waiting');
          await strategy.settleOutbox(sequencesOf(first), []);
          t.deepEqual(announced((await claimRecording(strategy, [id], { confirm: true })).handed), [
            `${id}:2`,
          ]);
        });
      },
    },
    {
      title: 'appends while nobody watches mark nothing',
      run: async (t, { strategy }) => {
        const id = newId();
        await appendAnnounced(strategy, id, 1, 1);
        t.deepEqual(announced((await claimRecording(strategy, [id], { confirm: true })).handed), [`${id}:1`]);
      },
    },
    {
      title: 'a claim that includes dispatched rows takes those not settled, as a flush after a crash must',
      run: async (t, { strategy }) => {
        const id = newId();
        await watching(strategy, async (commits) => {
          await appendAnnounced(strategy, id, 1, 2);
          t.is(dispatching(commits, id)[0]?.dispatched.length, 2);
        });
        const flushed = await claimRecording(strategy, [id], { confirm: true, includeDispatched: true });
        t.deepEqual(announced(flushed.handed), [`${id}:1`, `${id}:2`]);
        t.deepEqual(await pendingOf(strategy, id), []);
      },
    },
  ]),
  ...casesNeeding(both(outboxDispatch, transactions), [
    {
      title: 'appends inside a transaction are told once it commits, never when it rolls back',
      run: async (t, { strategy }) => {
        const [committed, rolledBack] = [newId(), newId()];
        await watching(strategy, async (commits) => {
          const toldOf = (id: string) => commits.flatMap((commit) => keyedBy(commit.dispatched, id));
          await strategy.transaction(async () => {
            await appendAnnounced(strategy, committed, 1, 2);
            t.deepEqual(toldOf(committed), [], 'not before the commit');
          });
          t.deepEqual(announced(toldOf(committed)), [`${committed}:1`, `${committed}:2`]);
          await t.throwsAsync(
            strategy.transaction(async () => {
              await appendAnnounced(strategy, rolledBack, 1, 1);
              throw new Error('rolled back on purpose');
            }),
          );
          t.deepEqual(toldOf(rolledBack), []);
          await strategy.settleOutbox(
            toldOf(committed).map((message) => message.sequence),
            [],
          );
        });
        t.deepEqual(await pendingOf(strategy, committed, rolledBack), []);
      },
    },
  ]),
];

/** Every dispatch case runs alone. */
export const outboxDispatchCases = dispatchCases.map((contractCase) => ({ ...contractCase, serial: true }));
