import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { sqliteStrategy } from '@annals/mikro-orm/sqlite';
import { createPostgresqlDatabase } from '@annals/mikro-orm/testing';
import { summarize, type Suite, type WorkloadResult } from '../harness/index.js';
import { serverVersion } from '../sql/server-version.js';
import { loadInChild } from './load-in-child.js';
import type { LoadOutcome } from './load-outcome.js';
import { fullPlan, quickPlan, TARGET_MIB, type MemoryPlan } from './plan.js';
import { balanceAfter, seedPostgresql, seedSqlite } from './seed-history.js';
import { STORES, type Store } from './stores.js';

const MiB = 2 ** 20;

/**
 * `memory`: loads one aggregate of a long history (1,000,000 events, no snapshot) with `Application.get`,
 * on PostgreSQL and on SQLite, each load in a fresh process, and reports the peak growth of its resident set
 * over the resident set once warm. The target is under {@link TARGET_MIB} MiB whatever the length.
 */
export const memorySuite: Suite = {
  name: 'memory',
  async run({ quick }) {
    const plan = quick ? quickPlan : fullPlan;
    const results: WorkloadResult[] = [];
    let postgresql = '';
    for (const store of STORES) {
      const { outcomes, version } = await measure(store, plan);
      postgresql ||= version;
      results.push(resultOf(store, plan, outcomes));
    }
    const over = results.filter((result) => result['within_target'] === 'no');
    if (over.length > 0) {
      console.error(`over the target of ${TARGET_MIB} MiB: ${over.map((r) => r.workload).join('; ')}`);
      process.exitCode = 1;
    }
    return { rounds: plan.rounds, results, services: { postgresql }, notes: notes(plan) };
  },
};

/** Seeds the history on a fresh store and loads it `plan.rounds` times. */
async function measure(
  store: Store,
  plan: MemoryPlan,
): Promise<{ outcomes: LoadOutcome[]; version: string }> {
  const id = randomUUID();
  const expected = { version: plan.events, balance: balanceAfter(plan.events) };
  console.error(`${store}: seeding ${plan.events} events of one aggregate in bulk`);
  if (store === 'postgresql') {
    await using database = await createPostgresqlDatabase('annals_bench_memory');
    await migratePostgresql(database.url);
    await seedPostgresql(database.url, id, plan.events);
    const outcomes = await loads(store, database.url, id, plan, expected);
    return { outcomes, version: await serverVersion(database.url) };
  }
  const directory = mkdtempSync(join(tmpdir(), 'annals-bench-memory-'));
  try {
    const path = join(directory, 'events.sqlite');
    await migrateSqlite(path);
    seedSqlite(path, id, plan.events);
    return { outcomes: await loads(store, path, id, plan, expected), version: '' };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function loads(
  store: Store,
  location: string,
  id: string,
  plan: MemoryPlan,
  expected: { readonly version: number; readonly balance: number },
): Promise<LoadOutcome[]> {
  const outcomes: LoadOutcome[] = [];
  for (let round = 0; round < plan.rounds; round++) {
    const outcome = await loadInChild(store, location, id, expected);
    console.error(
      `  round ${round + 1}/${plan.rounds}  ${Math.round(plan.events / outcome.seconds)} events/s, ` +
        `peak RSS growth ${mib(outcome.peakRss - outcome.baselineRss)} MiB`,
    );
    outcomes.push(outcome);
  }
  return outcomes;
}

async function migratePostgresql(url: string): Promise<void> {
  const strategy = postgresqlStrategy({ url });
  try {
    await strategy.migrate();
  } finally {
    await strategy.close();
  }
}

async function migrateSqlite(path: string): Promise<void> {
  const strategy = sqliteStrategy({ path });
  try {
    await strategy.migrate();
  } finally {
    await strategy.close();
  }
}

function resultOf(store: Store, plan: MemoryPlan, outcomes: readonly LoadOutcome[]): WorkloadResult {
  const growth = summarize(outcomes.map((outcome) => mib(outcome.peakRss - outcome.baselineRss)));
  // The harness types results as rates; these lines carry MiB and say so in `unit`.
  return {
    workload: `peak RSS growth loading a ${plan.events.toLocaleString('en')}-event aggregate, ${store}`,
    unit: 'MiB',
    annals: growth,
    target_mib: TARGET_MIB,
    within_target: growth.max < TARGET_MIB ? 'yes' : 'no',
    baseline_rss_mib: summarize(outcomes.map((outcome) => mib(outcome.baselineRss))),
    heap_used_at_end_mib: summarize(outcomes.map((outcome) => mib(outcome.heapUsed))),
    heap_retained_mib: summarize(outcomes.map((outcome) => mib(outcome.heapRetained))),
    events_per_second: summarize(outcomes.map((outcome) => plan.events / outcome.seconds)),
  } as unknown as WorkloadResult;
}

function mib(bytes: number): number {
  return Math.round((bytes / MiB) * 10) / 10;
}

function notes(plan: MemoryPlan): string[] {
  return [
    `One account with ${plan.events} deposits and no snapshot, written in bulk SQL with the bytes Annals stores (PostgreSQL: INSERT … SELECT from generate_series; SQLite: a recursive CTE in one transaction), then loaded ${plan.rounds} time(s) per store with Application.get, each time in a fresh process (node --expose-gc).`,
    'Each load process opens the application and loads version 1 of the account first (pool, mapper and code paths warm), collects the heap and takes its RSS as the baseline, resets its RSS high-water mark (/proc/self/clear_refs), then loads the whole account; RSS is sampled every 20 ms and the high-water mark (VmHWM) read at the end. Growth = peak - baseline.',
    "The repository reads the history with the strategy's streamEvents, in pages of 1,000 events on both SQL stores, and folds each page into the aggregate as it comes. heap_retained is the heap in use after a collection at the end: what the load left behind.",
    "The peak is mostly garbage the process has not handed back yet: V8's young generation (up to 3 × --max-semi-space-size) and, on SQLite, glibc's arenas holding the freed backing stores of node:sqlite's BLOBs. It stops growing with the history's length; the process runs with Node's defaults.",
    `Target: growth under ${TARGET_MIB} MiB on every load; the run exits non-zero otherwise.`,
  ];
}
