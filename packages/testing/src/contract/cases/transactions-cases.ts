import { setTimeout as sleep } from 'node:timers/promises';
import { casesNeeding } from '../contract-case.js';
import { history, newId, versions } from '../records.js';
import { both, tracking, transactions } from '../requirements.js';

/** `TransactionalStore`, alone and with what else a unit of work holds. */
export const transactionsCases = [
  ...casesNeeding(transactions, [
    {
      title: 'a transaction commits its appends when its work resolves, and rolls them back when it throws',
      run: async (t, { strategy }) => {
        const [kept, dropped] = [newId(), newId()];
        t.is(
          await strategy.transaction(async () => {
            await strategy.append(history(kept, 1, 2));
            return 'done';
          }),
          'done',
        );
        await t.throwsAsync(
          strategy.transaction(async () => {
            await strategy.append(history(dropped, 1, 2));
            throw new Error('the work failed');
          }),
          { message: 'the work failed' },
        );
        t.deepEqual(versions(await strategy.selectEvents(kept)), [1, 2]);
        t.deepEqual(await strategy.selectEvents(dropped), []);
      },
    },
    {
      title: 'a transaction opened inside another joins it, and rolls back with it',
      run: async (t, { strategy }) => {
        const [outer, inner] = [newId(), newId()];
        await t.throwsAsync(
          strategy.transaction(async () => {
            await strategy.append(history(outer, 1, 1));
            await strategy.transaction(async () => strategy.append(history(inner, 1, 1)));
            throw new Error('the outer work failed');
          }),
          { message: 'the outer work failed' },
        );
        t.deepEqual(await strategy.selectEvents(outer), []);
        t.deepEqual(
          await strategy.selectEvents(inner),
          [],
          'the inner transaction was part of the outer one',
        );
      },
    },
  ]),
  ...casesNeeding(both(transactions, tracking), [
    {
      title: 'a transaction commits its appends and processed messages together, or rolls both back',
      run: async (t, { strategy }) => {
        const consumer = `consumer-${newId()}`;
        const record = (ids: readonly string[]) => strategy.recordProcessedMessages(consumer, ids);
        const [kept, dropped] = [newId(), newId()];
        await strategy.transaction(async () => {
          t.deepEqual(await record([`${kept}-1`]), [`${kept}-1`]);
          await strategy.append(history(kept, 1, 2));
        });
        await t.throwsAsync(
          strategy.transaction(async () => {
            t.deepEqual(await record([`${dropped}-1`, `${dropped}-2`]), [`${dropped}-1`, `${dropped}-2`]);
            await strategy.append(history(dropped, 1, 2));
            throw new Error('the handler failed');
          }),
          { message: 'the handler failed' },
        );
        t.deepEqual(versions(await strategy.selectEvents(kept)), [1, 2]);
        t.deepEqual(await strategy.selectEvents(dropped), [], 'the appends rolled back');
        t.deepEqual(
          await record([`${kept}-1`, `${dropped}-1`, `${dropped}-2`]),
          [`${dropped}-1`, `${dropped}-2`],
          'the processed messages rolled back',
        );
      },
    },
    {
      title: 'a redelivery racing the first delivery waits for it and is then seen as processed',
      run: async (t, { strategy }) => {
        const [consumer, message] = [`consumer-${newId()}`, newId()];
        const record = () => strategy.recordProcessedMessages(consumer, [message]);
        let recorded: () => void = () => undefined;
        const firstRecorded = new Promise<void>((resolve) => {
          recorded = resolve;
        });
        const outcomes = await Promise.all([
          strategy.transaction(async () => {
            const fresh = await record();
            recorded();
            await sleep(100);
            return fresh;
          }),
          firstRecorded.then(() => strategy.transaction(record)),
        ]);
        t.deepEqual(outcomes, [[message], []]);
      },
    },
  ]),
];
