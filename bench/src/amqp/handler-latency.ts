import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { Messaging } from '@annals/amqp';
import { Meter, type Meters } from './bench-domain.js';

/** Latency percentiles in ms. */
export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
  readonly samples: number;
}

/**
 * Saves one event every millisecond for `seconds` (a steady 1,000 events/s, each its own commit) while the
 * relay runs and a consumer consumes (with de-duplication: each batch of waiting messages in one storage
 * transaction that records their ids); each sample is the time from the save's commit
 * (its promise resolving) to the handler starting.
 */
export async function commitToHandler(
  app: Meters,
  messaging: Messaging,
  seconds: number,
  deduplicate: boolean,
): Promise<Latency> {
  const committedAt = new Map<string, number>();
  const handledAt = new Map<string, number>();
  const consumer = messaging
    .consumer(deduplicate ? 'bench-latency' : 'bench-latency-plain', {
      prefetch: 200,
      concurrency: 8,
      ...(deduplicate ? {} : { strategy: undefined }),
    })
    .subscribe('Meter.*', (message) => {
      handledAt.set(message.id, performance.now());
    });
  await messaging.setup();
  await messaging.start();
  const consuming = consumer.consume();
  const total = seconds * 1000;
  const saves: Promise<void>[] = [];
  const started = performance.now();
  for (let n = 0; n < total; n++) {
    const due = started + n;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const meter = new Meter();
    meter.tick(n);
    saves.push(
      app.save(meter).then(() => {
        committedAt.set(`${meter.id}:1`, performance.now());
      }),
    );
  }
  await Promise.all(saves);
  const deadline = performance.now() + 120_000;
  while (handledAt.size < total && performance.now() < deadline) await sleep(20);
  await consumer.stop();
  await consuming;
  if (handledAt.size < total)
    throw new Error(`only ${handledAt.size} of ${total} events reached the handler`);
  const sorted = [...committedAt]
    .map(([id, committed]) => Math.max(0, (handledAt.get(id) ?? Infinity) - committed))
    .sort((a, b) => a - b);
  const at = (share: number): number =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0) * 10) / 10;
  return { p50: at(0.5), p99: at(0.99), min: at(0), max: at(1), samples: sorted.length };
}
