import test from 'ava';
import { randomUUID } from 'node:crypto';
import { Aggregate, Application, DomainEvent, InMemoryStrategy, isClosedError } from '@annals/core';
import {
  ApplicationAlreadyInitializedError,
  ApplicationNotInitializedError,
  isApplicationAlreadyInitializedError,
  isApplicationNotInitializedError,
} from '../errors/index.js';
import { ApplicationHolder } from './application-holder.js';

class Noted extends DomainEvent<{ text: string }> {
  static override readonly topic = 'Note.Noted';
}
class Note extends Aggregate {
  static override readonly topic = 'Note';
  static override readonly events = [Noted];
  static write(text: string): Note {
    const note = new Note();
    note.trigger(Noted, { text });
    return note;
  }
  protected override apply(): void {}
}

/** Appends wait until `release()`: a save stays in flight as long as the test wants. */
class HeldStrategy extends InMemoryStrategy {
  release: () => void = () => undefined;
  /** What happened to the strategy, in order. */
  readonly journal: string[] = [];
  readonly #gate = new Promise<void>((resolve) => (this.release = resolve));
  override async append(
    ...args: Parameters<InMemoryStrategy['append']>
  ): ReturnType<InMemoryStrategy['append']> {
    await this.#gate;
    const positions = await super.append(...args);
    this.journal.push('appended');
    return positions;
  }
  override async close(): Promise<void> {
    this.journal.push('closed');
    await super.close();
  }
}

class Notebook extends Application {
  static override readonly aggregates = [Note];
  readonly instance = randomUUID();
  closes = 0;
  override async close(): Promise<void> {
    this.closes++;
    await super.close();
  }
}

const notebook = (strategy = new InMemoryStrategy()): Notebook => new Notebook({ env: {}, strategy });

test('init constructs and holds the application; get returns that instance', async (t) => {
  const holder = new ApplicationHolder<Notebook>();
  t.is(holder.state, 'empty');
  const app = await holder.init(() => notebook());
  t.is(holder.state, 'ready');
  t.is(holder.get(), app);
  t.is(holder.get().instance, app.instance);
  await holder.close();
});

test('a second init throws ApplicationAlreadyInitializedError and keeps the first application', async (t) => {
  const holder = new ApplicationHolder<Notebook>();
  const first = await holder.init(() => notebook());
  let built = 0;
  const error = await t.throwsAsync(
    holder.init(() => {
      built++;
      return notebook();
    }),
    { instanceOf: ApplicationAlreadyInitializedError },
  );
  t.true(isApplicationAlreadyInitializedError(error));
  t.is(error?.code, 'ANNALS_APPLICATION_ALREADY_INITIALIZED');
  t.is(built, 0);
  t.is(holder.get(), first);
  await holder.close();
});

test('two inits started together: one constructs, the other throws', async (t) => {
  const holder = new ApplicationHolder<Notebook>();
  const results = await Promise.allSettled([holder.init(() => notebook()), holder.init(() => notebook())]);
  t.deepEqual(
    results.map((result) => result.status),
    ['fulfilled', 'rejected'],
  );
  t.true(isApplicationAlreadyInitializedError((results[1] as PromiseRejectedResult).reason));
  await holder.close();
});

test('get before init throws ApplicationNotInitializedError', (t) => {
  const holder = new ApplicationHolder<Notebook>();
  const error = t.throws(() => holder.get(), { instanceOf: ApplicationNotInitializedError });
  t.true(isApplicationNotInitializedError(error));
  t.is(error?.reason, 'empty');
  t.regex(error?.message ?? '', /initApplication\(\)/);
});

test('close closes the application, empties the holder, and is safe to call twice', async (t) => {
  const holder = new ApplicationHolder<Notebook>();
  const app = await holder.init(() => notebook());
  await Promise.all([holder.close(), holder.close()]);
  await holder.close();
  t.is(app.closes, 1);
  t.is(holder.state, 'empty');
  t.throws(() => holder.get(), { instanceOf: ApplicationNotInitializedError });
  t.true(isClosedError(await t.throwsAsync(app.save(Note.write('too late')))));
});

test('close when nothing was initialised resolves', async (t) => {
  await t.notThrowsAsync(new ApplicationHolder().close());
});

test('after close, init constructs a new application', async (t) => {
  const holder = new ApplicationHolder<Notebook>();
  const first = await holder.init(() => notebook());
  await holder.close();
  const second = await holder.init(() => notebook());
  t.not(second, first);
  t.is(holder.get(), second);
  await holder.close();
});

test('init called while a close is running waits for it, then constructs', async (t) => {
  const holder = new ApplicationHolder<Notebook>();
  const first = await holder.init(() => notebook());
  const closing = holder.close();
  t.is(holder.state, 'closing');
  t.is(t.throws(() => holder.get(), { instanceOf: ApplicationNotInitializedError })?.reason, 'closing');
  const second = await holder.init(() => notebook());
  await closing;
  t.is(first.closes, 1);
  t.is(holder.get(), second);
  await holder.close();
});

test('saves still in flight finish before close releases the storage', async (t) => {
  const strategy = new HeldStrategy();
  const holder = new ApplicationHolder<Notebook>();
  const app = await holder.init(() => notebook(strategy));
  const note = Note.write('in flight');
  const saving = app.save(note);
  const closing = holder.close();
  strategy.release();
  const recordings = await saving;
  await closing;
  t.deepEqual(strategy.journal, ['appended', 'closed'], 'close waits for the save');
  t.is(recordings.length, 1);
  t.deepEqual(note.pendingEvents, []);
});

test('a close that fails still empties the holder, and the error reaches the caller', async (t) => {
  const holder = new ApplicationHolder(() => ({
    close: () => Promise.reject(new Error('pool would not close')),
  }));
  await holder.init();
  await t.throwsAsync(holder.close(), { message: 'pool would not close' });
  t.is(holder.state, 'empty');
  await t.notThrowsAsync(holder.close());
});

test('a factory that fails leaves the holder empty, so init can be tried again', async (t) => {
  const holder = new ApplicationHolder<Notebook>();
  await t.throwsAsync(
    holder.init(() => {
      throw new Error('database is down');
    }),
    { message: 'database is down' },
  );
  t.is(holder.state, 'empty');
  const app = await holder.init(async () => notebook());
  t.is(holder.get(), app);
  await holder.close();
});

test('init without a factory, on a holder without one, is a configuration error', async (t) => {
  const holder = new ApplicationHolder<Notebook>();
  const error = await t.throwsAsync(holder.init());
  t.is((error as { code?: string } | undefined)?.code, 'ANNALS_CONFIGURATION');
  t.is(holder.state, 'empty');
});

test('await using a holder closes its application at the end of the scope', async (t) => {
  let app: Notebook | undefined;
  {
    await using holder = new ApplicationHolder(() => notebook());
    app = await holder.init();
  }
  t.is(app.closes, 1);
});
