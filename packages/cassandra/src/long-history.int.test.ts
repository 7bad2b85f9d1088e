import { randomUUID } from 'node:crypto';
import test from 'ava';
import type { StoredEvent } from '@annals/core';
import { driverConnector, type Connector } from './internal/executor.js';
import { migratedStrategy } from './fixtures/migrated-strategy.js';

const history = (id: string, from: number, to: number): StoredEvent[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({
    originatorId: id,
    originatorVersion: from + i,
    topic: 'History.Grew',
    state: new TextEncoder().encode(`{"v":${from + i}}`),
  }));

test('streams 5,000 events across five pages of the log, a page of rows at a time, in order both ways', async (t) => {
  let reads = 0;
  const counting: Connector = (options) => {
    const inner = driverConnector(options);
    return { ...inner, execute: (q, p, o) => (reads++, inner.execute(q, p, o)) };
  };
  const strategy = await migratedStrategy(t, { bucketSize: 1000, pageSize: 250 }, counting);
  const id = randomUUID();
  for (let from = 1; from <= 5000; from += 1000) await strategy.append(history(id, from, from + 999));

  let expected = 1;
  for await (const event of strategy.streamEvents(id)) {
    t.is(event.originatorVersion, expected++);
  }
  t.is(expected, 5001);

  let descending = 5000;
  for await (const event of strategy.streamEvents(id, { desc: true, gt: 1200 })) {
    if (event.originatorVersion !== descending--)
      t.fail(`expected ${descending + 1}, got ${event.originatorVersion}`);
  }
  t.is(descending, 1200);

  reads = 0;
  let taken = 0;
  for await (const event of strategy.streamEvents(id, { gt: 2500 })) {
    t.is(event.originatorVersion, 2501 + taken);
    if (++taken === 10) break;
  }
  // The lane's index, pages 0 and 1 with nothing past 2,500, the rows the stream was left in, and the rows
  // after them, asked for ahead: no more.
  t.true(reads <= 5, `a stream left after 10 events made ${reads} reads`);
});
