import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { MikroOrmStrategy } from '@annals/mikro-orm';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { READY } from '../../harness/index.js';
import { BankAccount } from '../../sql/annals/bank-account.js';
import { Bank } from '../../sql/annals/bank.js';
import { now } from './clock.js';
import { summarizeLags, type LagSummary } from './percentiles.js';
import { stampedRunner } from './stamped-runner.js';

/** How the lag workload runs. */
export interface LagOptions {
  readonly url: string;
  /** How long the steady load is sampled, after a second of warm-up at the same rate that is not, in s. */
  readonly seconds: number;
  /** The accounts the writer deposits to, in turn; each has one deposit before the projector starts. */
  readonly accounts: number;
  readonly pageSize: number;
  /** Where the projection runs: in a process of its own (woken by the strategy's log watch), or the writer's. */
  readonly projector: 'own-process' | 'writer-process';
}

const projectorMain = new URL('./projector-main.js', import.meta.url);
/** A steady 1,000 events/s: one save of one deposit every ms. */
const EVENTS_PER_SECOND = 1000;

/**
 * Saves one deposit every millisecond, each its own commit, for 1 + `seconds` s while the balances
 * projection runs; each sample is the time from the save's commit (its promise resolving) to the commit of
 * the projection's transaction that wrote the event's row, on one clock.
 */
export async function commitToRow(options: LagOptions): Promise<LagSummary> {
  const strategy = postgresqlStrategy({ url: options.url });
  const bank = new Bank({ strategy, env: {} });
  const accounts = Array.from({ length: options.accounts }, () => new BankAccount());
  for (let first = 0; first < accounts.length; first += 1000) {
    const some = accounts.slice(first, first + 1000);
    for (const account of some) account.deposit();
    await bank.save(...some);
  }
  try {
    const projector = await startProjector(bank, strategy, options);
    const warmUp = EVENTS_PER_SECOND;
    const total = warmUp + options.seconds * EVENTS_PER_SECOND;
    const committedAt = new Map<number, number>();
    const saves: Promise<void>[] = [];
    const started = performance.now();
    for (let n = 0; n < total; n++) {
      const wait = started + (n * 1000) / EVENTS_PER_SECOND - performance.now();
      if (wait > 1) await sleep(wait);
      const account = accounts[n % accounts.length]!;
      account.deposit();
      const sampled = n >= warmUp;
      saves.push(
        bank.save(account).then(([recording]) => {
          if (sampled && recording?.position !== undefined) committedAt.set(recording.position, now());
        }),
      );
    }
    await Promise.all(saves);
    const projectedAt = await projector.finish(await bank.notificationLog.maxPosition());
    const lags = [...committedAt].map(([position, committed]) => {
      const projected = projectedAt.get(position);
      if (projected === undefined) throw new Error(`position ${position} was never projected`);
      return Math.max(0, projected - committed);
    });
    if (lags.length !== options.seconds * EVENTS_PER_SECOND) {
      throw new Error(`sampled ${lags.length} of ${options.seconds * EVENTS_PER_SECOND} saves`);
    }
    return summarizeLags(lags);
  } finally {
    await bank.close();
  }
}

interface Projector {
  /** Waits until `position` is projected, stops the projection and hands back when each row committed. */
  finish(position: number): Promise<Map<number, number>>;
}

async function startProjector(
  bank: Bank,
  strategy: MikroOrmStrategy,
  options: LagOptions,
): Promise<Projector> {
  if (options.projector === 'writer-process') {
    const { runner, projectedAt } = stampedRunner(bank, strategy, options.pageSize);
    await runner.start();
    await runner.waitFor(await bank.notificationLog.maxPosition(), { timeout: 120_000 });
    return {
      async finish(position) {
        await runner.waitFor(position, { timeout: 120_000 });
        await runner.stop();
        return projectedAt;
      },
    };
  }
  const directory = mkdtempSync(join(tmpdir(), 'annals-bench-lag-'));
  const results = join(directory, 'projected.json');
  const child = fork(projectorMain, [options.url, String(options.pageSize), results]);
  const exited = once(child, 'exit') as Promise<[number | null]>;
  const [ready] = (await Promise.race([once(child, 'message'), exited])) as [unknown];
  if (ready !== READY) throw new Error('the projector process exited before it was ready');
  return {
    async finish(position) {
      child.send({ until: position });
      const [code] = await exited;
      try {
        if (code !== 0) throw new Error(`the projector process exited with code ${code}`);
        return new Map(JSON.parse(readFileSync(results, 'utf8')) as [number, number][]);
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    },
  };
}
