import test from 'ava';
import {
  Aggregate,
  Application,
  DomainEvent,
  type ActiveRecordStrategy,
  type EventRange,
} from '@annals/core';
import { postgresqlStrategy } from '../postgresql/index.js';
import { createPostgresqlDatabase } from '../testing/index.js';

class Ticked extends DomainEvent<{ n: number }> {
  static override readonly topic = 'Counter.Ticked';
}

class Counter extends Aggregate {
  static override readonly topic = 'Counter';
  static override readonly events = [Ticked];
  total = 0;
  tick(n: number): void {
    this.trigger(Ticked, { n });
  }
  protected override apply(event: DomainEvent): void {
    if (event instanceof Ticked) this.total += event.payload.n;
  }
}

class Counters extends Application {
  static override readonly aggregates = [Counter];
}

/** Wraps a strategy to see what the repository reads. */
function watched(
  strategy: ActiveRecordStrategy,
  reads: { range: EventRange; rows: number }[],
): ActiveRecordStrategy {
  return new Proxy(strategy, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property === 'streamEventPages') {
        return async function* (id: string, range: EventRange = {}) {
          const read = { range, rows: 0 };
          reads.push(read);
          for await (const page of target.streamEventPages(id, range)) {
            read.rows += page.length;
            yield page;
          }
        };
      }
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

test('an aggregate with 10,005 events loads from its latest snapshot and the 5 events after it', async (t) => {
  t.timeout(120_000);
  const database = await createPostgresqlDatabase();
  t.teardown(() => database.drop());
  const reads: { range: EventRange; rows: number }[] = [];
  const strategy = watched(postgresqlStrategy({ url: database.url }), reads);
  await using app = new Counters({ strategy, snapshotInterval: 1000 });

  const counter = new Counter();
  for (let batch = 0; batch < 100; batch++) {
    for (let i = 1; i <= 100; i++) counter.tick(1);
    await app.save(counter);
  }
  for (let i = 1; i <= 5; i++) counter.tick(2);
  await app.save(counter);

  reads.length = 0;
  const loaded = await app.get(Counter, counter.id);
  t.is(loaded.version, 10_005);
  t.is(loaded.total, 10_010);
  t.deepEqual(reads, [{ range: { gt: 10_000, lte: undefined }, rows: 5 }]);

  reads.length = 0;
  const earlier = await app.get(Counter, counter.id, { version: 2_500 });
  t.is(earlier.total, 2_500);
  t.deepEqual(reads, [{ range: { gt: 2_000, lte: 2_500 }, rows: 500 }]);
});
