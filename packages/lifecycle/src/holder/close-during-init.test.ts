import test from 'ava';
import {
  ApplicationClosedDuringInitError,
  isApplicationClosedDuringInitError,
  LifecycleErrorCode,
} from '../errors/index.js';
import { ApplicationHolder } from './application-holder.js';

class Probe {
  closed = false;
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A factory that finishes (or fails) only when the test says so. */
function heldFactory(): {
  factory: () => Promise<Probe>;
  built: Probe;
  finish(): void;
  fail(error: Error): void;
} {
  let finish = (): void => undefined;
  let fail = (_error: Error): void => undefined;
  const gate = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const built = new Probe();
  return {
    factory: async () => {
      await gate;
      return built;
    },
    built,
    finish,
    fail,
  };
}

test('close during a construction: the waiting callers fail with a clear error and the application is closed once built', async (t) => {
  const held = heldFactory();
  const holder = new ApplicationHolder(held.factory);
  const waiting = [holder.init(), holder.get({ lazy: true }), holder.get({ lazy: true })];
  const closing = holder.close();
  t.is(holder.state, 'closing');
  held.finish();
  await closing;

  for (const result of await Promise.allSettled(waiting)) {
    t.is(result.status, 'rejected');
    const reason = (result as PromiseRejectedResult).reason as unknown;
    t.true(reason instanceof ApplicationClosedDuringInitError);
    t.true(isApplicationClosedDuringInitError(reason));
    t.is((reason as ApplicationClosedDuringInitError).code, LifecycleErrorCode.closedDuringInit);
  }
  t.true(held.built.closed, 'the application that was built is not left open');
  t.is(holder.state, 'empty');
});

test('close during a construction that fails: close resolves, the callers get the factory’s error', async (t) => {
  const held = heldFactory();
  const holder = new ApplicationHolder(held.factory);
  const waiting = holder.get({ lazy: true });
  const closing = holder.close();
  held.fail(new Error('database is down'));
  await t.notThrowsAsync(closing);
  await t.throwsAsync(waiting, { message: 'database is down' });
  t.is(holder.state, 'empty');
});

test('after a close during construction, the next init builds a new application', async (t) => {
  const held = heldFactory();
  const holder = new ApplicationHolder<Probe>();
  const abandoned = holder.init(held.factory);
  const closing = holder.close();
  const replacement = new Probe();
  const next = holder.init(() => replacement); // waits for the close in flight
  held.finish();
  await t.throwsAsync(abandoned, { instanceOf: ApplicationClosedDuringInitError });
  await closing;
  t.is(await next, replacement);
  t.is(holder.get(), replacement);
  t.false(replacement.closed);
  await holder.close();
});
