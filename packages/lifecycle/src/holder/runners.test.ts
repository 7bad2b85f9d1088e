import test from 'ava';
import {
  Aggregate,
  Application,
  ApplicationLog,
  DomainEvent,
  InMemoryStrategy,
  Projection,
  ProjectionRunner,
} from '@annals/core';
import { isApplicationNotInitializedError } from '../errors/index.js';
import { ApplicationHolder } from './application-holder.js';
import type { Runner } from './runner.js';

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

/** Writes what happens to it, and to the runners beside it, in one journal. */
class Notebook extends Application {
  static override readonly aggregates = [Note];

  constructor(
    readonly journal: string[],
    strategy = new InMemoryStrategy(),
  ) {
    super({ env: {}, strategy });
  }

  override async close(): Promise<void> {
    this.journal.push('application closed');
    await super.close();
  }
}

function probe(journal: string[], name: string, failing: { start?: Error; stop?: Error } = {}): Runner {
  return {
    start: async () => {
      journal.push(`${name} started`);
      if (failing.start) throw failing.start;
    },
    stop: async () => {
      journal.push(`${name} stopped`);
      if (failing.stop) throw failing.stop;
    },
  };
}

test('runners start beside the application and stop before it closes, newest first', async (t) => {
  const journal: string[] = [];
  const holder = new ApplicationHolder(() => new Notebook(journal));
  await holder.init();
  const first = probe(journal, 'first');
  t.is(await holder.startRunner(first), first);
  await holder.startRunner(probe(journal, 'second'));
  await holder.close();
  t.deepEqual(journal, [
    'first started',
    'second started',
    'second stopped',
    'first stopped',
    'application closed',
  ]);
});

test('startRunner without a ready application throws, saying why', async (t) => {
  const holder = new ApplicationHolder(() => new Notebook([]));
  const runner = probe([], 'early');
  const empty = await t.throwsAsync(holder.startRunner(runner));
  t.true(isApplicationNotInitializedError(empty));
  await holder.init();
  const closing = holder.close();
  const late = await t.throwsAsync(holder.startRunner(runner));
  t.regex(late?.message ?? '', /being closed/);
  await closing;
});

test('a runner that fails to stop still lets the application close, and its error reaches the caller', async (t) => {
  const journal: string[] = [];
  const holder = new ApplicationHolder(() => new Notebook(journal));
  await holder.init();
  await holder.startRunner(probe(journal, 'failing', { stop: new Error('lease store unreachable') }));
  await t.throwsAsync(holder.close(), { message: 'lease store unreachable' });
  t.deepEqual(journal.slice(-2), ['failing stopped', 'application closed']);
  t.is(holder.state, 'empty');
});

test('a runner whose start fails is stopped all the same when the holder closes', async (t) => {
  const journal: string[] = [];
  const holder = new ApplicationHolder(() => new Notebook(journal));
  await holder.init();
  await t.throwsAsync(holder.startRunner(probe(journal, 'broken', { start: new Error('no lease table') })), {
    message: 'no lease table',
  });
  await holder.close();
  t.deepEqual(journal, ['broken started', 'broken stopped', 'application closed']);
});

test('a projection runner beside the application follows its log until the holder closes', async (t) => {
  const journal: string[] = [];
  const texts: string[] = [];
  const strategy = new InMemoryStrategy();
  const holder = new ApplicationHolder(() => new Notebook(journal, strategy));
  const notebook = await holder.init();
  class JournaledRunner extends ProjectionRunner {
    override async stop(): Promise<void> {
      await super.stop();
      journal.push('projection stopped');
    }
  }
  const runner = await holder.startRunner(
    new JournaledRunner({
      projection: new Projection('texts').on(Noted, (event) => {
        texts.push(event.payload.text);
      }),
      source: new ApplicationLog(notebook),
      store: strategy,
      context: () => undefined,
    }),
  );
  const [recording] = await notebook.save(Note.write('hello'));
  await runner.waitFor(recording?.position);
  t.deepEqual(texts, ['hello']);
  await holder.close();
  t.deepEqual(journal, ['projection stopped', 'application closed']);
});
