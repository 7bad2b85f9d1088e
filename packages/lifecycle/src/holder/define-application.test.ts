import test from 'ava';
import { Application } from '@annals/core';
import { defineApplication } from './define-application.js';

class BankApp extends Application {
  constructor(readonly branch: string) {
    super({ env: {} });
  }
  greeting(): string {
    return `welcome to ${this.branch}`;
  }
}

test('a defined holder is typed to its application: init, get and lazy get need no casts', async (t) => {
  const bank = defineApplication(() => new BankApp('Main Street'));
  const initialised: BankApp = await bank.init();
  const got: BankApp = bank.get();
  t.is(got, initialised);
  t.is(bank.get().greeting(), 'welcome to Main Street');
  await bank.close();

  const lazily: BankApp = await bank.get({ lazy: true });
  t.is(lazily.branch, 'Main Street');
  await bank.close();
});

test('a defined holder accepts an async factory, e.g. one that prepares storage first', async (t) => {
  const steps: string[] = [];
  const bank = defineApplication(async () => {
    steps.push('migrate');
    await Promise.resolve();
    steps.push('construct');
    return new BankApp('Harbour');
  });
  t.deepEqual(steps, [], 'defining constructs nothing');
  const app = await bank.init();
  t.deepEqual(steps, ['migrate', 'construct']);
  t.is(app.branch, 'Harbour');
  await bank.close();
});

test('the types refuse a factory of another application and a wrongly typed result', (t) => {
  const bank = defineApplication(() => new BankApp('Main Street'));
  // @ts-expect-error a holder of BankApp cannot be initialised with a plain Application
  const wrongFactory = (): Promise<BankApp> => bank.init(() => new Application({ env: {} }));
  // @ts-expect-error get() is a BankApp, not a string
  const wrongResult = (): string => bank.get();
  t.is(typeof wrongFactory, 'function');
  t.is(typeof wrongResult, 'function');
});
