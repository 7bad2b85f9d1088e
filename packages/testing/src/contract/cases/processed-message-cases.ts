import { setTimeout as sleep } from 'node:timers/promises';
import type { ContractCase } from '../contract-case.js';
import { method } from '../optional-methods.js';
import { history, newId, versions } from '../records.js';

export const processedMessageCases: ContractCase[] = [
  {
    title: 'a processed message is recorded once per consumer',
    needs: ['tracking'],
    run: async (t, { strategy }) => {
      const record = method(strategy, 'recordProcessedMessages');
      const [consumer, message] = [`consumer-${newId()}`, `${newId()}:1`];
      t.deepEqual(await record(consumer, [message]), [message]);
      t.deepEqual(await record(consumer, [message]), []);
      t.deepEqual(await record(`${consumer}-other`, [message]), [message]);
    },
  },
  {
    title: 'several messages are recorded at once: the new ones come back in the order given, each once',
    needs: ['tracking'],
    run: async (t, { strategy }) => {
      const record = method(strategy, 'recordProcessedMessages');
      const consumer = `consumer-${newId()}`;
      const [a, b, c, d] = [`z-${newId()}:1`, `a-${newId()}:1`, `m-${newId()}:2`, `'; DROP TABLE x; -- $1 ?`];
      t.deepEqual(await record(consumer, [b]), [b]);
      t.deepEqual(await record(consumer, [a, b, c, a, d]), [a, c, d]);
      t.deepEqual(await record(consumer, [d, c, b, a]), []);
      t.deepEqual(await record(consumer, []), []);
    },
  },
  {
    title: 'recording processed messages refuses an empty consumer or message id, recording none of them',
    needs: ['tracking'],
    run: async (t, { strategy }) => {
      const record = method(strategy, 'recordProcessedMessages');
      const consumer = `consumer-${newId()}`;
      const message = `${newId()}:1`;
      await t.throwsAsync(record('', [message]), { message: /consumer/ });
      await t.throwsAsync(record(consumer, [message, '']), { message: /message id/ });
      t.deepEqual(await record(consumer, [message]), [message], 'nothing was recorded by the refused calls');
    },
  },
  {
    title: 'a transaction commits its appends and processed messages together, or rolls both back',
    needs: ['tracking'],
    run: async (t, { strategy }) => {
      const transaction = method(strategy, 'transaction');
      const record = method(strategy, 'recordProcessedMessages');
      const consumer = `consumer-${newId()}`;
      const [kept, dropped] = [newId(), newId()];
      const result = await transaction(async () => {
        t.deepEqual(await record(consumer, [`${kept}:1`]), [`${kept}:1`]);
        await strategy.append(history(kept, 1, 2));
        return 'done';
      });
      t.is(result, 'done');
      await t.throwsAsync(
        transaction(async () => {
          t.deepEqual(await record(consumer, [`${dropped}:1`, `${dropped}:2`]), [
            `${dropped}:1`,
            `${dropped}:2`,
          ]);
          await strategy.append(history(dropped, 1, 2));
          throw new Error('the handler failed');
        }),
        { message: 'the handler failed' },
      );
      t.deepEqual(versions(await strategy.selectEvents(kept)), [1, 2]);
      t.deepEqual(await strategy.selectEvents(dropped), [], 'the appends rolled back');
      t.deepEqual(
        await record(consumer, [`${kept}:1`, `${dropped}:1`, `${dropped}:2`]),
        [`${dropped}:1`, `${dropped}:2`],
        'the processed messages rolled back',
      );
    },
  },
  {
    title: 'a redelivery racing the first delivery waits for it and is then seen as processed',
    needs: ['tracking'],
    run: async (t, { strategy }) => {
      const transaction = method(strategy, 'transaction');
      const record = method(strategy, 'recordProcessedMessages');
      const [consumer, message] = [`consumer-${newId()}`, `${newId()}:1`];
      let recorded: () => void = () => undefined;
      const firstRecorded = new Promise<void>((resolve) => {
        recorded = resolve;
      });
      const outcomes = await Promise.all([
        transaction(async () => {
          const fresh = await record(consumer, [message]);
          recorded();
          await sleep(100);
          return fresh;
        }),
        firstRecorded.then(() => transaction(async () => record(consumer, [message]))),
      ]);
      t.deepEqual(outcomes, [[message], []]);
    },
  },
  {
    title: 'trackingPositions lists the highest position of every upstream application',
    needs: ['tracking'],
    run: async (t, { strategy }) => {
      const upstream = `upstream-${newId()}`;
      await strategy.append([], { tracking: { application: upstream, position: 4 } });
      await strategy.append([], { tracking: { application: upstream, position: 7 } });
      await strategy.append([], { tracking: { application: `${upstream}-b`, position: 2 } });
      const mine = (await method(strategy, 'trackingPositions')())
        .filter((tracking) => tracking.application.startsWith(upstream))
        .sort((x, y) => x.application.localeCompare(y.application));
      t.deepEqual(mine, [
        { application: upstream, position: 7 },
        { application: `${upstream}-b`, position: 2 },
      ]);
    },
  },
];
