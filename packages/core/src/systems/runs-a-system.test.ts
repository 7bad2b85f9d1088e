import test from 'ava';
import type { ApplicationOptions } from '../application/index.js';
import { Wallet, Wallets } from '../application/fixtures/wallet.js';
import { InMemoryStrategy } from '../memory/index.js';
import { Granted, Rewards } from '../processes/fixtures/rewards.js';
import { ApplicationProcess } from './application-process.js';
import { SingleProcessRunner } from './single-process-runner.js';
import { System, type ApplicationClass } from './system.js';

function storagePerApplication(): (application: ApplicationClass) => ApplicationOptions {
  const strategies = new Map<ApplicationClass, InMemoryStrategy>();
  return (application) => {
    const strategy = strategies.get(application) ?? new InMemoryStrategy();
    strategies.set(application, strategy);
    return { strategy, env: {} };
  };
}

test('a system names its applications once and who follows whom', (t) => {
  const system = new System([
    [Wallets, Rewards],
    [Wallets, Rewards],
  ]);
  t.deepEqual(system.applications, [Wallets, Rewards]);
  t.deepEqual(system.edges, [{ upstream: Wallets, downstream: Rewards }]);
  t.deepEqual(system.upstreamsOf(Rewards), [Wallets]);
});

test('a system refuses a follower that is not a process application', (t) => {
  t.throws(() => new System([[Rewards, Wallets]]), {
    message: 'Wallets follows Rewards, so it must extend ProcessApplication',
  });
});

test('the single-process runner runs every application and settles once the followers have caught up', async (t) => {
  await using runner = new SingleProcessRunner(new System([[Wallets, Rewards]]), {
    options: storagePerApplication(),
  });
  await runner.start();
  const wallet = Wallet.create('owner');
  wallet.credit(1000);
  await runner.get(Wallets).save(wallet);
  await runner.settle();
  const rewards = runner.get(Rewards);
  const [notification] = await rewards.notificationLog.select(1, 1);
  t.true(notification && rewards.notificationLog.decode(notification) instanceof Granted);
});

test('one process per application: each runs its application and follows its upstreams from their storage', async (t) => {
  const options = storagePerApplication();
  const system = new System([[Wallets, Rewards]]);
  await using walletsProcess = new ApplicationProcess(system, Wallets, { options });
  await using rewardsProcess = new ApplicationProcess(system, Rewards, { options });
  await walletsProcess.start();
  await rewardsProcess.start();
  const wallet = Wallet.create('owner');
  wallet.credit(100);
  await walletsProcess.app.save(wallet);
  const [runner] = rewardsProcess.runners;
  await runner?.waitFor(2);
  t.is(await rewardsProcess.app.notificationLog.maxPosition(), 1);
});
