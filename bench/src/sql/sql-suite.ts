import { createPostgresqlDatabase } from '@annals/mikro-orm/testing';
import { availableParallelism } from 'node:os';
import {
  loadAverage,
  measureWorkload,
  resultOf,
  startContenders,
  type Suite,
  type WorkloadResult,
} from '../harness/index.js';
import { fullPlan, quickPlan } from './plan.js';
import { serverVersion } from './server-version.js';
import { SQL_CONTENDERS } from './sql-contenders.js';
import type { SqlTask } from './sql-task.js';

const CONTENDER_ENTRY = new URL('./contender-main.js', import.meta.url);

const NOTES = [
  'Each contender runs in a process of its own with a pool of 10 connections, on its own tables in one fresh database.',
  'annals: Application.save (one statement per transaction), Application.get (pages of 1000 events, the next asked for as soon as one arrives; decode and apply a page at a time), notificationLog.iterate + decode (the next page asked for likewise).',
  'raw: pg Pool.query; one INSERT … VALUES (…), (…) RETURNING position per transaction (measured faster than unnest of arrays for 1 and 10 events, no slower for 100) on a table of the same shape and unique index, with the same JSON envelope bytes Annals stores; loads and scans do per row what a user needs for a usable object and no more, one UTF-8 decode and JSON.parse of the state (loads also check each version follows the one before, as Annals does), the same as the raw contender of the cassandra suite.',
  'emmett: appendToStream, aggregateStream with an evolve function, and the exported readMessagesBatch (what its consumers poll with) for the log.',
  'Each writer appends to a new aggregate (stream) of its own per measurement; every contender writes the same number of events, so the tables grow alike.',
  'The scan reads the first events of the whole log, in pages of 500, decoding each event and folding its amount, the same events several times over per measurement (as a load rebuilds its aggregate several times); Emmett scans them once, against Annals only, in the one-pass workload. Annals reads the log page by page (notificationLog.pages()), and event by event (notificationLog.iterate()) in the event-by-event workload. Emmett keeps no index on the global position, so each of its batches sorts the whole messages table: its scan rate falls as the log grows.',
  "The layers' workloads (zlib-compressed, zstd-compressed, encrypted), after the plain ones: annals configured with compression 'zlib' or 'zstd', or with a cipherKey (AES-256-GCM, a new key per run), an application of its own on the same tables, seeds its aggregate and the events its scan reads through that configuration, and decrypts, checks and decompresses every event it reads; raw does the work of the plain workloads on plain JSON rows it seeds alike, so annals_vs_raw is what a user pays for the layer. A measurement of a layer's load rebuilds the aggregate fewer times than the plain one, as each load takes several times as long. Emmett has no compression or encryption and does not run them (— in the table).",
];

/** Annals' PostgreSQL strategy against the raw `pg` driver and Emmett's PostgreSQL event store. */
export const sqlSuite: Suite = {
  name: 'sql',
  async run({ quick }) {
    const plan = quick ? quickPlan : fullPlan;
    const loadBefore = loadAverage();
    await using database = await createPostgresqlDatabase('annals_bench');
    const contenders = await startContenders<SqlTask>(CONTENDER_ENTRY, SQL_CONTENDERS, [database.url]);
    try {
      const results: WorkloadResult[] = [];
      for (const workload of plan.workloads) {
        console.error(`${workload.name}: ${workload.events} events per measurement`);
        const rates = await measureWorkload(workload, contenders, {
          rounds: plan.rounds,
          onSample: (name, round, rate) =>
            console.error(
              `  round ${round + 1}/${plan.rounds}  ${name.padEnd(7)} ${Math.round(rate)} events/s`,
            ),
        });
        results.push(resultOf(workload.name, rates));
      }
      return {
        rounds: plan.rounds,
        results,
        services: { postgresql: await serverVersion(database.url) },
        notes: [
          ...NOTES,
          `Load average (1 min) at the start and the end: ${loadBefore} and ${loadAverage()}, on ${availableParallelism()} cores; other work on the machine shows as spread between rounds.`,
        ],
      };
    } finally {
      await Promise.allSettled(contenders.map((contender) => contender.close()));
    }
  },
};
