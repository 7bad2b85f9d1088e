import test from 'ava';
import { waitOutLocks } from './lock-waits.js';

/** An error as `node:sqlite` throws it, with SQLite's extended result code. */
const sqliteError = (errcode: number): Error => Object.assign(new Error('database is locked'), { errcode });
const BUSY = 5;
const BUSY_SNAPSHOT = 517;

/** A statement refused with `refusals` in turn, then answering `'done'`; counts its runs. */
function statement(...refusals: Error[]): { run: () => Promise<string>; readonly runs: number } {
  let runs = 0;
  return {
    run: async () => {
      const refusal = refusals[runs++];
      if (refusal) throw refusal;
      return 'done';
    },
    get runs() {
      return runs;
    },
  };
}

test('a statement refused for another connection’s lock runs again until it is not', async (t) => {
  const refused = statement(sqliteError(BUSY), sqliteError(BUSY), sqliteError(BUSY));
  t.is(await waitOutLocks(refused.run, 60_000), 'done');
  t.is(refused.runs, 4);
});

test('other errors, and a snapshot another connection overwrote, fail at once', async (t) => {
  for (const error of [new Error('no such table'), sqliteError(BUSY_SNAPSHOT), sqliteError(19)]) {
    const failing = statement(error);
    t.is(await t.throwsAsync(waitOutLocks(failing.run, 60_000)), error);
    t.is(failing.runs, 1);
  }
});

test('a refusal once the busy timeout has passed is thrown', async (t) => {
  const refusal = sqliteError(BUSY);
  const refused = statement(refusal, sqliteError(BUSY));
  t.is(await t.throwsAsync(waitOutLocks(refused.run, 0)), refusal);
  t.is(refused.runs, 1);
});
