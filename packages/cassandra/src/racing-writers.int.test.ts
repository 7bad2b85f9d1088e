import { randomUUID } from 'node:crypto';
import test from 'ava';
import { isRecordConflictError, type StoredEvent } from '@annals/core';
import type { CassandraStrategy } from './strategy/index.js';
import { migratedStrategy } from './fixtures/migrated-strategy.js';

const WRITERS = 16;
const TARGET = 60;
const BUCKET_SIZE = 5;

test('16 writers on 4 clients racing across page boundaries: one winner per version, no gaps, each in the log once', async (t) => {
  const first = await migratedStrategy(t, { bucketSize: BUCKET_SIZE });
  const clients: CassandraStrategy[] = [first];
  for (let n = 1; n < 4; n++) {
    clients.push(await migratedStrategy(t, { bucketSize: BUCKET_SIZE, keyspace: first.keyspace }));
  }
  const id = randomUUID();
  const wins = new Map<number, number>();
  let conflicts = 0;
  const writer = async (writerNumber: number): Promise<void> => {
    const strategy = clients[writerNumber % clients.length] ?? first;
    for (let round = 0; ; round++) {
      const [latest] = await strategy.selectEvents(id, { desc: true, limit: 1 });
      const next = (latest?.originatorVersion ?? 0) + 1;
      if (next > TARGET) return;
      const size = Math.min(1 + ((writerNumber + round) % 3), TARGET - next + 1);
      const batch: StoredEvent[] = Array.from({ length: size }, (_, i) => ({
        originatorId: id,
        originatorVersion: next + i,
        topic: 'Race.Won',
        state: Uint8Array.of(writerNumber, round),
      }));
      try {
        await strategy.append(batch);
        for (const { originatorVersion } of batch) {
          t.false(wins.has(originatorVersion), `version ${originatorVersion} was won twice`);
          wins.set(originatorVersion, writerNumber);
        }
      } catch (error) {
        if (!isRecordConflictError(error)) throw error;
        conflicts++;
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, n) => writer(n)));

  const stored = await first.selectEvents(id);
  t.deepEqual(
    stored.map((e) => e.originatorVersion),
    Array.from({ length: TARGET }, (_, i) => i + 1),
  );
  for (const event of stored) t.is(event.state[0], wins.get(event.originatorVersion));
  t.true(conflicts > 0, 'the writers did race');
  const log = await first.selectNotifications({ start: 1, limit: 100_000 });
  t.deepEqual(
    log.filter((n) => n.originatorId === id).map((n) => n.originatorVersion),
    Array.from({ length: TARGET }, (_, i) => i + 1),
  );
});
