import test from 'ava';
import { isClosedError } from '@annals/core';
import { ApplicationHolder, isApplicationAlreadyInitializedError, type Closable } from '@annals/lifecycle';
import { defineJobWorker } from '../job-worker/index.js';
import {
  Granted,
  Rewards,
  rewardsSystem,
  storagePerApplication,
  Wallet,
  Wallets,
} from '../test-fixtures/rewards-system.js';
import { initApplicationProcess } from './init-application-process.js';

test('the holder holds the application, which follows its upstream until the holder closes', async (t) => {
  const { options, strategyOf } = storagePerApplication();
  const holder = new ApplicationHolder<Rewards>();
  const running = await initApplicationProcess(rewardsSystem, Rewards, { options, holder });
  t.is(holder.get(), running.app);

  const wallets = new Wallets({ strategy: strategyOf(Wallets), env: {} });
  const [recording] = await wallets.save(Wallet.credited(100));
  const [follower] = running.runners;
  await follower?.waitFor(recording?.position ?? 0);
  const [granted] = await running.app.notificationLog.select(1, 1);
  t.true(granted && running.app.notificationLog.decode(granted) instanceof Granted);

  await holder.close();
  t.true(isClosedError(await t.throwsAsync(running.app.save(Wallet.credited(1)))));
  t.is(holder.state, 'empty');
});

test('a holder that holds an application already refuses the process and leaves none of it open', async (t) => {
  const { options, strategyOf } = storagePerApplication();
  const holder = new ApplicationHolder<Closable>();
  await holder.init(() => ({ close: () => undefined }));
  t.true(
    isApplicationAlreadyInitializedError(
      await t.throwsAsync(initApplicationProcess(rewardsSystem, Rewards, { options, holder })),
    ),
  );
  for (const application of [Rewards, Wallets]) {
    t.true(isClosedError(await t.throwsAsync(strategyOf(application).maxNotificationPosition())));
  }
  await holder.close();
});

test('a job worker whose init runs the application process stops it when the worker stops', async (t) => {
  const { options, strategyOf } = storagePerApplication();
  const holder = new ApplicationHolder<Rewards>();
  const worker = defineJobWorker({
    holder,
    init: () => initApplicationProcess(rewardsSystem, Rewards, { options, holder }),
    handle: () => holder.get().name,
  });
  t.is(await worker.run({}), 'Rewards');
  await worker.stop();
  t.true(isClosedError(await t.throwsAsync(strategyOf(Rewards).maxNotificationPosition())));
});
