import test from 'ava';
import fc from 'fast-check';
import { NotSupportedError } from '../errors/index.js';
import { DomainEvent, TopicRegistry } from '../events/index.js';
import { Mapper } from '../mapping/index.js';
import { InMemoryStrategy } from '../memory/index.js';
import type { ActiveRecordStrategy, Capability, Notification, NotificationQuery } from '../storage/index.js';
import { Transcoder } from '../transcoding/index.js';
import { EventStore } from './event-store.js';
import { NotificationLog } from './notification-log.js';

class Created extends DomainEvent<{ n: number }> {
  static override readonly topic = 'Thing.Created';
}
class Changed extends DomainEvent<{ n: number }> {
  static override readonly topic = 'Thing.Changed';
}
class Removed extends DomainEvent<{ n: number }> {
  static override readonly topic = 'Thing.Removed';
}
const eventClasses = [Created, Changed, Removed] as const;
const allTopics: readonly string[] = eventClasses.map((cls) => cls.topic);

const topics = new TopicRegistry();
for (const cls of eventClasses) topics.registerEvent(cls);
const mapper = new Mapper({ topics, transcoder: new Transcoder() });

/** Counts the pages read. */
class PageCountingStrategy extends InMemoryStrategy {
  readonly queries: NotificationQuery[] = [];
  override async selectNotifications(query: NotificationQuery): Promise<Notification[]> {
    this.queries.push(query);
    return super.selectNotifications(query);
  }
}

const ids = ['0190a1b2-c3d4-7e5f-8a6b-000000000001', '0190a1b2-c3d4-7e5f-8a6b-000000000002'] as const;

/** Appends one event per entry of `kinds` (0, 1, 2 pick the class), alternating between two aggregates. */
async function fill(
  kinds: readonly number[],
): Promise<{ log: NotificationLog; strategy: PageCountingStrategy }> {
  const strategy = new PageCountingStrategy();
  const store = new EventStore(mapper, strategy);
  const versions = [0, 0];
  for (const [index, kind] of kinds.entries()) {
    const which = index % 2;
    const cls = eventClasses[kind % 3] ?? Created;
    const version = (versions[which] = (versions[which] ?? 0) + 1);
    await store.put([
      new cls(
        { originatorId: ids[which] ?? '', originatorVersion: version, timestamp: new Date(index) },
        { n: index },
      ),
    ]);
  }
  return { log: new NotificationLog(mapper, strategy), strategy };
}

async function collect(iterable: AsyncIterable<Notification>): Promise<Notification[]> {
  const out: Notification[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

test('iterate reads every notification across several pages, in position order', async (t) => {
  const { log, strategy } = await fill([0, 1, 1, 2, 0, 1, 1]);
  const all = await collect(log.iterate({ pageSize: 3 }));
  t.deepEqual(
    all.map((n) => n.position),
    [1, 2, 3, 4, 5, 6, 7],
  );
  t.deepEqual(
    all.map((n) => (log.decode(n).payload as { n: number }).n),
    [0, 1, 2, 3, 4, 5, 6],
  );
  t.is(strategy.queries.length, 3);
  t.deepEqual(
    strategy.queries.map((q) => q.start),
    [1, 4, 7],
  );
});

test('iterate stops after a page that is exactly full when the log ends there', async (t) => {
  const { log, strategy } = await fill([0, 1, 2, 0]);
  const all = await collect(log.iterate({ pageSize: 2 }));
  t.is(all.length, 4);
  t.true(strategy.queries.length <= 3);
});

test('iterate with a topics filter yields only those topics, across pages', async (t) => {
  const { log } = await fill([0, 1, 1, 2, 0, 1, 2, 2, 1, 0]);
  const changed = await collect(log.iterate({ topics: ['Thing.Changed'], pageSize: 2 }));
  t.deepEqual(
    changed.map((n) => n.position),
    [2, 3, 6, 9],
  );
  t.true(changed.every((n) => n.topic === 'Thing.Changed'));
  t.true(changed.every((n) => log.decode(n) instanceof Changed));
  const two = await collect(log.iterate({ topics: ['Thing.Created', 'Thing.Removed'], pageSize: 1 }));
  t.deepEqual(
    two.map((n) => n.position),
    [1, 4, 5, 7, 8, 10],
  );
  t.deepEqual(await collect(log.iterate({ topics: ['Unknown'] })), []);
});

test('iterate from a start position skips the ones before it', async (t) => {
  const { log } = await fill([0, 1, 2, 0, 1]);
  t.deepEqual(
    (await collect(log.iterate({ start: 3, pageSize: 2 }))).map((n) => n.position),
    [3, 4, 5],
  );
  t.deepEqual(await collect(log.iterate({ start: 6 })), []);
});

test('iterate of an empty log yields nothing', async (t) => {
  const { log } = await fill([]);
  t.deepEqual(await collect(log.iterate()), []);
  t.is(await log.maxPosition(), 0);
});

test('iterate stops at the end of the log as it was when iteration began', async (t) => {
  const { log, strategy } = await fill([0, 1, 2, 0]);
  const store = new EventStore(mapper, strategy);
  const seen: number[] = [];
  let extra = 0;
  for await (const notification of log.iterate({ pageSize: 1 })) {
    seen.push(notification.position);
    extra++;
    await store.put([
      new Created(
        {
          originatorId: `0190a1b2-c3d4-7e5f-8a6b-${extra.toString(16).padStart(12, 'f')}`,
          originatorVersion: 1,
          timestamp: new Date(),
        },
        { n: 100 + extra },
      ),
    ]);
  }
  t.deepEqual(seen, [1, 2, 3, 4]);
  t.is(await log.maxPosition(), 8);
});

test('select reads one page with an optional topics filter', async (t) => {
  const { log } = await fill([0, 1, 2, 0, 1]);
  t.deepEqual(
    (await log.select(2, 2)).map((n) => n.position),
    [2, 3],
  );
  t.deepEqual(
    (await log.select(1, 10, ['Thing.Created'])).map((n) => n.position),
    [1, 4],
  );
  t.is(await log.maxPosition(), 5);
});

test('property: iterate yields exactly the matching notifications, with strictly increasing positions', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 30 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 35 }),
      fc.option(fc.subarray([...allTopics]), { nil: undefined }),
      async (kinds, pageSize, start, filter) => {
        const { log } = await fill(kinds);
        const everything = await log.select(1, 1000);
        const expected = everything.filter(
          (n) => n.position >= start && (!filter || filter.length === 0 || filter.includes(n.topic)),
        );
        const actual = await collect(log.iterate({ start, pageSize, ...(filter ? { topics: filter } : {}) }));
        t.deepEqual(actual, expected);
        for (let i = 1; i < actual.length; i++) {
          t.true((actual[i]?.position ?? 0) > (actual[i - 1]?.position ?? Infinity));
        }
        t.deepEqual(
          everything.map((n) => n.position),
          kinds.map((_, index) => index + 1),
        );
      },
    ),
    { numRuns: 150 },
  );
});

test('a strategy without a notification log fails with NotSupportedError', async (t) => {
  const inner = new InMemoryStrategy();
  const capabilities = new Set<Capability>(['snapshots']);
  const strategy = new Proxy(inner, {
    get: (target, property) =>
      property === 'capabilities' ? capabilities : (Reflect.get(target, property, target) as unknown),
  }) as ActiveRecordStrategy;
  const log = new NotificationLog(mapper, strategy);
  await t.throwsAsync(collect(log.iterate()), { instanceOf: NotSupportedError });
  await t.throwsAsync(log.select(1, 1), { instanceOf: NotSupportedError });
  await t.throwsAsync(log.maxPosition(), { instanceOf: NotSupportedError });
});
