import { hasOutbox, hasTracking, type ActiveRecordStrategy, type Commit } from '@annals/core';
import type { AppendOptions } from '@annals/core/storage';
import { messageOf } from '../announced.js';
import { casesNeeding } from '../contract-case.js';
import { history, newId } from '../records.js';
import { events, transactions } from '../requirements.js';

/**
 * Collects the commits of the appends given `origins` while `work` runs: other cases append beside this one,
 * and the origin tells a case's own appends apart.
 */
async function listening(
  strategy: ActiveRecordStrategy,
  work: (told: (origin: object) => readonly Commit[]) => Promise<void>,
): Promise<void> {
  const commits: Commit[] = [];
  const stop = strategy.onCommit((commit) => commits.push(commit));
  try {
    await work((origin) => commits.filter((commit) => commit.origin === origin));
  } finally {
    stop();
  }
}

/** The after-commit path, `onCommit`, of every strategy. */
export const afterCommitCases = [
  ...casesNeeding(events, [
    {
      title: 'a committed append is told once, with its positions and all it wrote, before append returns',
      run: async (t, { strategy }) => {
        const [id, origin] = [newId(), {}];
        const written = history(id, 1, 2);
        const options: AppendOptions = {
          origin,
          ...(hasTracking(strategy) ? { tracking: { application: `upstream-${id}`, position: 1 } } : {}),
          ...(hasOutbox(strategy) ? { outbox: written.map(messageOf) } : {}),
        };
        await listening(strategy, async (told) => {
          const positions = await strategy.append(written, options);
          const [commit, ...more] = told(origin);
          t.deepEqual(more, [], 'told once');
          t.deepEqual(commit?.events, written);
          t.deepEqual(commit?.positions, positions);
          t.deepEqual(commit?.tracking, options.tracking);
          t.deepEqual(commit?.outbox, options.outbox ?? []);
        });
      },
    },
    {
      title: 'an append that fails is never told, nor is a listener that stopped listening',
      run: async (t, { strategy }) => {
        const id = newId();
        const [conflicting, later] = [{}, {}];
        await strategy.append(history(id, 1, 1));
        let toldLater = false;
        await listening(strategy, async (told) => {
          await t.throwsAsync(strategy.append(history(id, 1, 1), { origin: conflicting }));
          t.deepEqual(told(conflicting), []);
        });
        const stop = strategy.onCommit((commit) => {
          toldLater ||= commit.origin === later;
        });
        stop();
        await strategy.append(history(id, 2, 2), { origin: later });
        t.false(toldLater);
      },
    },
  ]),
  ...casesNeeding(transactions, [
    {
      title:
        'an append in a transaction is told once the outermost transaction commits, never when it rolls back',
      run: async (t, { strategy }) => {
        const [committed, rolledBack] = [{}, {}];
        await listening(strategy, async (told) => {
          await strategy.transaction(async () => {
            await strategy.transaction(() => strategy.append(history(newId(), 1, 1), { origin: committed }));
            t.deepEqual(told(committed), [], 'not before the outermost transaction commits');
          });
          t.is(told(committed).length, 1);
          await t.throwsAsync(
            strategy.transaction(async () => {
              await strategy.append(history(newId(), 1, 1), { origin: rolledBack });
              throw new Error('rolled back on purpose');
            }),
          );
          t.deepEqual(told(rolledBack), []);
        });
      },
    },
  ]),
];
