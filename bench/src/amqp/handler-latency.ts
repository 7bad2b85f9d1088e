import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { Messaging } from '@annals/amqp';
import { READY } from '../harness/index.js';
import { Meter, type Meters } from './bench-domain.js';

/** Latency percentiles in ms. */
export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
  readonly samples: number;
}

/** How the latency workload runs. */
export interface LatencyOptions {
  /** The database the consuming service records processed messages in. */
  readonly databaseUrl: string;
  /** How long the steady load is sampled, after a second of warm-up at the same rate that is not. */
  readonly seconds: number;
  /** With de-duplication: each batch of waiting messages in one transaction that records their ids. */
  readonly deduplicate: boolean;
}

const consumerMain = new URL('./latency-consumer-main.js', import.meta.url);
const now = (): number => performance.timeOrigin + performance.now();

/**
 * Saves one event every millisecond for 1 + `seconds` (a steady 1,000 events/s, each its own commit) while the
 * relay runs in this process and a consumer consumes in another process, as a consuming service would;
 * each sample is the time from the save's commit (its promise resolving) to the handler starting.
 */
export async function commitToHandler(
  app: Meters,
  messaging: Messaging,
  { databaseUrl, seconds, deduplicate }: LatencyOptions,
): Promise<Latency> {
  // The first second opens pool connections and warms the JIT in all three processes: not steady, not sampled.
  const warmUp = 1000;
  const total = warmUp + seconds * 1000;
  const directory = mkdtempSync(join(tmpdir(), 'annals-bench-latency-'));
  const results = join(directory, 'handled.json');
  try {
    await messaging.setup(); // the exchange, which the consumer binds its queue to
    const consumer = fork(consumerMain, [
      databaseUrl,
      messaging.exchange,
      deduplicate ? 'bench-latency' : 'bench-latency-plain',
      deduplicate ? 'dedup' : 'plain',
      String(total),
      results,
    ]);
    const exited = once(consumer, 'exit') as Promise<[number | null]>;
    const [ready] = (await Promise.race([once(consumer, 'message'), exited])) as [unknown];
    if (ready !== READY) throw new Error('the consumer process exited before it was ready');
    await messaging.start();
    const committedAt = new Map<string, number>();
    const saves: Promise<void>[] = [];
    const started = performance.now();
    for (let n = 0; n < total; n++) {
      const wait = started + n - performance.now();
      if (wait > 1) await sleep(wait);
      const meter = new Meter();
      meter.tick(n);
      const sampled = n >= warmUp;
      saves.push(app.save(meter).then(() => void (sampled && committedAt.set(`${meter.id}:1`, now()))));
    }
    await Promise.all(saves);
    const [code] = await exited;
    if (code !== 0) throw new Error(`the consumer process exited with code ${code}`);
    const handledAt = new Map(JSON.parse(readFileSync(results, 'utf8')) as [string, number][]);
    if (handledAt.size < total)
      throw new Error(`only ${handledAt.size} of ${total} events reached the handler`);
    const sorted = [...committedAt]
      .map(([id, committed]) => Math.max(0, (handledAt.get(id) ?? Infinity) - committed))
      .sort((a, b) => a - b);
    const at = (share: number): number =>
      Math.round((sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0) * 10) / 10;
    return { p50: at(0.5), p99: at(0.99), min: at(0), max: at(1), samples: sorted.length };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
