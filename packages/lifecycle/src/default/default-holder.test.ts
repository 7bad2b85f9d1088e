import test from 'ava';
import { randomUUID } from 'node:crypto';
import { Application } from '@annals/core';
import { isApplicationAlreadyInitializedError, isApplicationNotInitializedError } from '../errors/index.js';
import { closeApplication, getApplication, initApplication, startRunner } from './application-functions.js';
import type * as Functions from './application-functions.js';
import { defaultApplicationHolder } from './default-holder.js';

// These tests share the process's default holder, so they run one after another.

class Bank extends Application {
  readonly instance = randomUUID();
}

test.afterEach.always(async () => {
  await closeApplication();
});

test.serial('initApplication, getApplication and closeApplication use the default holder', async (t) => {
  const bank = await initApplication(() => new Bank({ env: {} }));
  t.true(bank instanceof Bank);
  t.is(getApplication<Bank>(), bank);
  t.is(defaultApplicationHolder().get(), bank);
  t.true(
    isApplicationAlreadyInitializedError(await t.throwsAsync(initApplication(() => new Bank({ env: {} })))),
  );
  await closeApplication();
  await closeApplication();
  t.true(
    isApplicationNotInitializedError(
      t.throws(() => {
        getApplication();
      }),
    ),
  );
});

test.serial(
  'startRunner starts a runner beside the application; closeApplication stops it first',
  async (t) => {
    const journal: string[] = [];
    class JournaledBank extends Bank {
      override async close(): Promise<void> {
        journal.push('closed');
        await super.close();
      }
    }
    await initApplication(() => new JournaledBank({ env: {} }));
    const runner = { start: () => void journal.push('started'), stop: () => void journal.push('stopped') };
    t.is(await startRunner(runner), runner);
    await closeApplication();
    t.deepEqual(journal, ['started', 'stopped', 'closed']);
  },
);

test.serial('getApplication({ lazy: true, factory }) constructs once for many callers', async (t) => {
  let calls = 0;
  const factory = async (): Promise<Bank> => {
    calls++;
    await new Promise((resolve) => setTimeout(resolve, 10));
    return new Bank({ env: {} });
  };
  const banks = await Promise.all(Array.from({ length: 100 }, () => getApplication({ lazy: true, factory })));
  t.is(calls, 1);
  t.is(new Set(banks.map((bank) => bank.instance)).size, 1);
});

test.serial('getApplication({ lazy: true }) without a factory joins an init in progress', async (t) => {
  const initialising = initApplication(() => new Bank({ env: {} }));
  const lazily = await getApplication<Bank>({ lazy: true });
  t.is(lazily, await initialising);
});

test.serial('the default holder is shared by every copy of the package loaded in the process', async (t) => {
  // A query string makes Node load this module a second time, as a second installed copy would be loaded.
  const specifier = new URL('./application-functions.js?second-copy', import.meta.url).href;
  const copy = (await import(specifier)) as typeof Functions;
  t.not(copy.initApplication, initApplication, 'the copy is a separate module instance');

  const bank = await copy.initApplication(() => new Bank({ env: {} }));
  t.is(getApplication(), bank, 'what one copy initialised, the other returns');
  t.true(
    isApplicationAlreadyInitializedError(await t.throwsAsync(initApplication(() => new Bank({ env: {} })))),
  );
  await closeApplication();
  t.true(
    isApplicationNotInitializedError(
      t.throws(() => {
        copy.getApplication();
      }),
    ),
  );
});

test.serial('the default holder is stored under a registered symbol on globalThis', (t) => {
  const slot = (globalThis as Record<symbol, unknown>)[Symbol.for('annals.lifecycle.defaultHolder')];
  t.is(slot, defaultApplicationHolder());
});
