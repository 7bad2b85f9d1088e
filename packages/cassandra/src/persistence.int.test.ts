import test from 'ava';
import {
  Aggregate,
  Application,
  DomainEvent,
  hasSnapshots,
  isConfigurationError,
  isRecordConflictError,
} from '@annals/core';
import { cassandraPersistence } from './persistence/index.js';
import { dropKeyspace, newKeyspaceName, testContactPoints } from './testing/index.js';

class Counted extends DomainEvent<{ by: number }> {
  static override readonly topic = 'Counter.Counted';
}

class Counter extends Aggregate {
  static override readonly topic = 'Counter';
  static override readonly events = [Counted];
  total = 0;

  count(by: number): void {
    this.trigger(Counted, { by });
  }

  protected override apply(event: DomainEvent): void {
    if (event instanceof Counted) this.total += event.payload.by;
  }
}

class Counters extends Application {
  static override readonly aggregates = [Counter];
}

const keyspace = newKeyspaceName();
test.after.always(() => dropKeyspace(keyspace));

const environment = (extra: Record<string, string> = {}) => ({
  ANNALS_PERSISTENCE: 'cassandra',
  ANNALS_CASSANDRA_CONTACT_POINTS: testContactPoints.join(','),
  ANNALS_CASSANDRA_KEYSPACE: keyspace,
  ANNALS_CASSANDRA_MIGRATE: 'true',
  ANNALS_CASSANDRA_BUCKET_SIZE: '3',
  ...extra,
});

test.serial(
  'an application saves, snapshots and reloads aggregates through the factory and its settings',
  async (t) => {
    await using app = new Counters({
      env: environment({ COUNTERS_SNAPSHOT_INTERVAL: '4' }),
      strategies: { cassandra: cassandraPersistence },
    });
    t.is(app.strategy.name, 'cassandra');
    const counter = new Counter();
    for (let n = 1; n <= 10; n++) {
      counter.count(n);
      if (n % 3 === 0) await app.save(counter);
    }
    await app.save(counter);
    const loaded = await app.get(Counter, counter.id);
    t.is(loaded.total, 55);
    t.is(loaded.version, 10);
    const { strategy } = app;
    if (!hasSnapshots(strategy)) throw new Error('the Cassandra strategy stores snapshots');
    const snapshot = await strategy.selectSnapshot(counter.id);
    t.true(
      (snapshot?.originatorVersion ?? 0) >= 8,
      'the snapshotting policy stored a snapshot past version 8',
    );
    t.is((await app.get(Counter, counter.id, { version: 5 })).total, 15);

    const stale = await app.get(Counter, counter.id);
    loaded.count(1);
    stale.count(2);
    await app.save(loaded);
    t.true(isRecordConflictError(await t.throwsAsync(app.save(stale))));

    const [a, b] = [new Counter(), new Counter()];
    a.count(1);
    b.count(1);
    const [first, second] = await app.save(a, b);
    t.is((second?.position ?? 0) - (first?.position ?? 0), 1, 'both aggregates in one append');
    t.is((await app.get(Counter, b.id)).total, 1);
  },
);

test.serial(
  'bad settings fail at construction naming the setting; another bucket size fails on first use',
  async (t) => {
    for (const [name, value] of [
      ['ANNALS_CASSANDRA_KEYSPACE', 'Bad-Name'],
      ['ANNALS_CASSANDRA_CONSISTENCY', 'MOST'],
      ['ANNALS_CASSANDRA_REPLICATION', 'dc1=3'],
      ['ANNALS_CASSANDRA_MIGRATE', 'yes'],
    ] as const) {
      const error = t.throws(
        () =>
          new Counters({
            env: environment({ [name]: value }),
            strategies: { cassandra: cassandraPersistence },
          }),
      );
      t.true(isConfigurationError(error), `${name}: ${String(error)}`);
      t.true(error?.message.includes(name), error?.message);
    }
    await using app = new Counters({
      env: environment({ COUNTERS_CASSANDRA_BUCKET_SIZE: '7', ANNALS_CASSANDRA_MIGRATE: 'false' }),
      strategies: { cassandra: cassandraPersistence },
    });
    const error = await t.throwsAsync(app.get(Counter, new Counter().id));
    t.true(isConfigurationError(error), String(error));
    t.regex(error?.message ?? '', /pages of 3 positions/);
  },
);
