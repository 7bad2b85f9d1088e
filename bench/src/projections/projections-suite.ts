import { loadavg } from 'node:os';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { createPostgresqlDatabase } from '@annals/mikro-orm/testing';
import {
  measureWorkload,
  resultOf,
  startContenders,
  type Suite,
  type WorkloadResult,
} from '../harness/index.js';
import { serverVersion } from '../sql/server-version.js';
import { CATCH_UP_CONTENDERS } from './catch-up-contenders.js';
import type { CatchUpTask } from './catch-up-task.js';
import { commitToRow, type LagOptions } from './lag/commit-to-row.js';
import { fullPlan, quickPlan, type ProjectionsPlan } from './plan.js';
import { rebuildInChild } from './rebuild/rebuild.js';
import { seedEvents } from './rebuild/seed-events.js';
import { seedLog } from './seed-log.js';

const CONTENDER_ENTRY = new URL('./contender-main.js', import.meta.url);
const MiB = 2 ** 20;

/**
 * `projections`: catching a one-row-per-account projection up with a seeded log (Annals' `ProjectionRunner`
 * against raw `pg` and Emmett's consumer, alternating rounds, same run), commit-to-row lag at a steady 1,000
 * events/s, and a rebuild of a long log in a process of its own (events/s, peak RSS growth).
 */
export const projectionsSuite: Suite = {
  name: 'projections',
  async run({ quick }) {
    const plan = quick ? quickPlan : fullPlan;
    const loadAtStart = loadAverage();
    // Lag first: an absolute figure, the most sensitive to other work on the machine, which a run started on
    // a quiet machine meets first. The ratios of the catch-up come from alternating rounds.
    const lags: WorkloadResult[] = [];
    for (const projector of ['own-process', 'writer-process'] as const) {
      lags.push(await measureLag(plan, projector));
    }
    const catchUp = await measureCatchUp(plan);
    const rebuild = await measureRebuild(plan);
    return {
      rounds: plan.rounds,
      results: [catchUp.result, ...lags, rebuild],
      // Other work on a shared machine shows in its load: the 1-, 5- and 15-minute averages.
      services: { postgresql: catchUp.postgresql, loadAtStart, loadAtEnd: loadAverage() },
      notes: notes(plan),
    };
  },
};

async function measureCatchUp(
  plan: ProjectionsPlan,
): Promise<{ result: WorkloadResult; postgresql: string }> {
  await using database = await createPostgresqlDatabase('annals_bench_projections');
  const events = plan.accounts * plan.deposits;
  console.error(`seeding ${events} events over ${plan.accounts} accounts`);
  await seedLog(database.url, plan.accounts, plan.deposits);
  const task: CatchUpTask = { kind: 'catch-up', accounts: plan.accounts, events, pageSize: plan.pageSize };
  const contenders = await startContenders<CatchUpTask>(CONTENDER_ENTRY, CATCH_UP_CONTENDERS, [database.url]);
  try {
    const name = `catch up a one-row-per-account projection with ${events.toLocaleString('en')} events`;
    console.error(`${name}: ${plan.pageSize} events per page and transaction`);
    const rates = await measureWorkload({ name, events, task }, contenders, {
      rounds: plan.rounds,
      onSample: (contender, round, rate) =>
        console.error(
          `  round ${round + 1}/${plan.rounds}  ${contender.padEnd(10)} ${Math.round(rate)} events/s`,
        ),
    });
    const result: Record<string, unknown> = { ...resultOf(name, rates) };
    // The unit-of-work handler against the others too, not only against the SQL one.
    const ormMedian = median(rates.get('annals_orm'));
    for (const other of ['raw', 'emmett']) {
      result[`annals_orm_vs_${other}`] = Math.round((ormMedian / median(rates.get(other))) * 100) / 100;
    }
    return { result: result as WorkloadResult, postgresql: await serverVersion(database.url) };
  } finally {
    await Promise.allSettled(contenders.map((contender) => contender.close()));
  }
}

async function measureLag(
  plan: ProjectionsPlan,
  projector: LagOptions['projector'],
): Promise<WorkloadResult> {
  await using database = await createPostgresqlDatabase('annals_bench_projection_lag');
  const where =
    projector === 'own-process' ? 'projector in a process of its own' : "projector in the writer's process";
  console.error(`commit-to-row lag at 1,000 events/s, ${where}: ${plan.lagSeconds} s sampled`);
  const lag = await commitToRow({
    url: database.url,
    seconds: plan.lagSeconds,
    accounts: plan.accounts,
    pageSize: plan.pageSize,
    projector,
  });
  console.error(`  p50 ${lag.p50} ms, p95 ${lag.p95} ms, p99 ${lag.p99} ms, max ${lag.max} ms`);
  // The harness types results as rates; latency lines carry milliseconds and say so in `unit`.
  return {
    workload: `commit-to-row lag at 1,000 events/s, ${where}`,
    unit: 'ms',
    annals: { median: lag.p50, min: lag.min, max: lag.max, p50: lag.p50, p95: lag.p95, p99: lag.p99 },
    samples: lag.samples,
  } as unknown as WorkloadResult;
}

async function measureRebuild(plan: ProjectionsPlan): Promise<WorkloadResult> {
  await using database = await createPostgresqlDatabase('annals_bench_rebuild');
  const events = plan.rebuildEvents;
  console.error(`seeding ${events} events in bulk for the rebuild`);
  const strategy = postgresqlStrategy({ url: database.url });
  await strategy.migrate();
  await strategy.close();
  await seedEvents(database.url, plan.rebuildAccounts, events);
  const rates = new Map<string, number[]>();
  const memory: Record<string, unknown> = {};
  for (const contender of ['annals', 'raw'] as const) {
    console.error(`rebuilding: ${contender}`);
    const outcome = await rebuildInChild(contender, database.url, plan.pageSize, {
      accounts: plan.rebuildAccounts,
      events,
    });
    const rate = events / outcome.seconds;
    const growth = mebibytes(outcome.peakRss - outcome.baselineRss);
    console.error(`  ${Math.round(rate)} events/s, peak RSS growth ${growth} MiB`);
    rates.set(contender, [rate]);
    memory[contender] = {
      seconds: Math.round(outcome.seconds * 10) / 10,
      batches: outcome.batches,
      baselineRssMiB: mebibytes(outcome.baselineRss),
      peakRssMiB: mebibytes(outcome.peakRss),
      peakRssGrowthMiB: growth,
    };
  }
  const name = `rebuild a one-row-per-account projection from ${events.toLocaleString('en')} events`;
  // The harness types results as rates and ratios; the memory figures ride along as an object of their own.
  return { ...resultOf(name, rates), memory } as unknown as WorkloadResult;
}

function loadAverage(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
}

function mebibytes(bytes: number): number {
  return Math.round((bytes / MiB) * 10) / 10;
}

function median(samples: readonly number[] | undefined): number {
  const sorted = [...(samples ?? [])].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('no samples');
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function notes(plan: ProjectionsPlan): string[] {
  const events = plan.accounts * plan.deposits;
  return [
    `catch-up: the log holds ${events} deposits over ${plan.accounts} accounts, interleaved (every account's first deposit, then every second one, …), seeded once through Annals (Application.save of ${500} accounts per append); Emmett's store holds the same deposits in the same order, one append per event through its own append function (emt_append_to_stream, with the arguments appendToStream passes) in a loop on the server, one statement per round of deposits (one at a time from the client took minutes; concurrent appends made its consumer skip events). Each contender runs in a process of its own and projects the whole log into a table of its own, one row per account (balance, deposits, last position), ${plan.pageSize} events per read and per transaction, the checkpoint moved in that transaction; before each measurement (untimed) its table is emptied and its checkpoint set back to the start, and after it (untimed) the table is checked to hold every account with every deposit counted once.`,
    "annals: ProjectionRunner over ApplicationLog (start, waitFor(head), stop, all timed), handler sending the upsert through the batch transaction's entity manager (transactionEntityManager(strategy).execute with the statement raw sends, as the bank example writes its SQL: the same statement per event as raw and Emmett, so the line compares the frameworks and not two kinds of work); annals_orm: the same runner, handler finding the MikroORM entity of the row and changing it or creating it (a SELECT per event, the unit of work flushing the changed rows at the commit), on an ORM of its own that knows the entity.",
    "raw: pg on one pooled connection; per page BEGIN, SELECT of the page by position, per event one UTF-8 decode and JSON.parse of the stored state and one INSERT … ON CONFLICT DO UPDATE (bind parameters, unnamed statements), a compare-and-set UPDATE of its tracking row, COMMIT. It reads the rows Annals stores, without Annals' read barrier (nothing writes meanwhile).",
    `emmett: postgreSQLEventStoreConsumer (stopWhen noMessagesLeft, batchSize ${plan.pageSize}, pullingFrequencyInMs 0: its default of 50 ms between full pages would dominate) with a projector of a postgreSQLRawSQLProjection returning the same upsert (Emmett's sql() formats values in as literals); Emmett handles each page in one transaction and stores its checkpoint after every event, as its projector does. Emmett keeps no index on the global position: each page read sorts its whole messages table.`,
    "lag (measured first, as it is the figure other work on the machine disturbs most): one deposit per save (its own commit) every millisecond to the accounts in turn, for 1 s of warm-up (not sampled) and then the sampled seconds; the projection (the annals handler above, batches of up to 500) catches up with the accounts' first deposits before the load starts. Each sample: from the save resolving in the writer to the commit of the projection transaction that wrote the event's row (MikroORM's afterTransactionCommit event in the projecting process), on one clock (performance.timeOrigin + now). Own process: the projector wakes on the strategy's log watch (PostgreSQL LISTEN/NOTIFY), else it polls; writer's process: it wakes on the application's commits.",
    `rebuild: ${plan.rebuildEvents} deposits over ${plan.rebuildAccounts} accounts written in bulk SQL with the bytes Annals stores; then, each once in a process of its own, ProjectionRunner.rebuild() of the annals projection into a new generation's table, and the raw contender projecting the whole log into its emptied table (batches of ${plan.pageSize}, the same upsert). RSS sampled every 20 ms, and the high-water mark (VmHWM), reset after the baseline (/proc/self/clear_refs), read at the end; growth = peak - RSS once open (a pool connection made, the heap collected) before the rebuild. Most of it is V8's young generation, which grows to its largest size (2 x 64 MiB semi-spaces here) under any sustained allocation: raw grows too.`,
  ];
}
