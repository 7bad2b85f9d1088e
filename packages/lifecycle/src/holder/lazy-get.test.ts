import test from 'ava';
import { randomUUID } from 'node:crypto';
import { ApplicationNotInitializedError } from '../errors/index.js';
import { ApplicationHolder } from './application-holder.js';

class Probe {
  readonly instance = randomUUID();
  closed = false;
  async close(): Promise<void> {
    this.closed = true;
  }
}

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('100 racing lazy callers share one construction and get the same instance', async (t) => {
  let calls = 0;
  const holder = new ApplicationHolder(async () => {
    calls++;
    await tick(20);
    return new Probe();
  });
  const apps = await Promise.all(
    Array.from({ length: 100 }, async (_, i) => {
      await tick(i % 7); // callers arrive over a few ticks, most while the construction runs
      return holder.get({ lazy: true });
    }),
  );
  t.is(calls, 1);
  t.is(new Set(apps).size, 1);
  t.true(apps.every((app) => app === holder.get()));
  await holder.close();
});

test('a failing construction fails all 100 waiting callers with its error; the next call constructs', async (t) => {
  let calls = 0;
  const failure = new Error('database is down');
  const holder = new ApplicationHolder(async () => {
    calls++;
    await tick(20);
    if (calls === 1) throw failure;
    return new Probe();
  });
  const results = await Promise.allSettled(Array.from({ length: 100 }, () => holder.get({ lazy: true })));
  t.is(calls, 1);
  t.true(results.every((result) => result.status === 'rejected' && result.reason === failure));
  t.is(holder.state, 'empty');

  const app = await holder.get({ lazy: true });
  t.is(calls, 2);
  t.true(app instanceof Probe);
  t.is(holder.get(), app);
  await holder.close();
});

test('a factory that throws synchronously rejects the lazy callers', async (t) => {
  const holder = new ApplicationHolder<Probe>(() => {
    throw new Error('bad configuration');
  });
  const results = await Promise.allSettled([holder.get({ lazy: true }), holder.get({ lazy: true })]);
  t.deepEqual(
    results.map((result) => result.status),
    ['rejected', 'rejected'],
  );
  t.is(holder.state, 'empty');
});

test('a plain get while a construction runs throws, saying it is still being constructed', async (t) => {
  const holder = new ApplicationHolder(async () => {
    await tick(10);
    return new Probe();
  });
  const pending = holder.init();
  t.is(holder.state, 'initializing');
  const error = t.throws(() => holder.get(), { instanceOf: ApplicationNotInitializedError });
  t.is(error?.reason, 'initializing');
  t.is(await holder.get({ lazy: true }), await pending);
  await holder.close();
});

test('a lazy get joins an init in progress instead of constructing twice', async (t) => {
  let calls = 0;
  const holder = new ApplicationHolder(async () => {
    calls++;
    await tick(10);
    return new Probe();
  });
  const [initialised, lazily] = await Promise.all([holder.init(), holder.get({ lazy: true })]);
  t.is(calls, 1);
  t.is(lazily, initialised);
  await holder.close();
});

test('the factory given to a lazy get wins over the holder’s own', async (t) => {
  const own = new Probe();
  const given = new Probe();
  const holder = new ApplicationHolder(() => own);
  t.is(await holder.get({ lazy: true, factory: () => given }), given);
  await holder.close();
});

test('a lazy get after close constructs a fresh application', async (t) => {
  let calls = 0;
  const holder = new ApplicationHolder(() => {
    calls++;
    return new Probe();
  });
  const first = await holder.get({ lazy: true });
  const closing = holder.close();
  const second = await holder.get({ lazy: true }); // waits for the close, then constructs
  await closing;
  t.true(first.closed);
  t.not(second, first);
  t.false(second.closed);
  t.is(calls, 2);
  await holder.close();
});
