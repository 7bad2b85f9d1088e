import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Machine } from './machine.js';
import { summarize, type Summary } from './summary.js';

/**
 * One workload's line: each contender's summary under its name, and the ratio of the first contender's
 * median to each other's, e.g. `annals_vs_raw`.
 */
export type WorkloadResult = { readonly workload: string; readonly unit: 'events/s' } & Readonly<
  Record<string, Summary | number | string>
>;

/** What `bench/results/<suite>.json` holds. */
export interface Report {
  readonly suite: string;
  readonly quick: boolean;
  readonly rounds: number;
  readonly machine: Machine;
  readonly results: readonly WorkloadResult[];
  readonly notes: readonly string[];
}

/** Summarizes the rates of one workload; the first contender is the one the others are compared with. */
export function resultOf(workload: string, rates: ReadonlyMap<string, readonly number[]>): WorkloadResult {
  const summaries = [...rates].map(([name, samples]) => [name, summarize(samples)] as const);
  const [subject, ...others] = summaries;
  if (!subject) throw new Error(`no contender measured ${workload}`);
  const result: Record<string, Summary | number | string> = { workload, unit: 'events/s' };
  for (const [name, summary] of summaries) result[name] = summary;
  for (const [name, summary] of others) {
    result[`${subject[0]}_vs_${name}`] = Math.round((subject[1].median / summary.median) * 100) / 100;
  }
  return result as WorkloadResult;
}

/** Writes the report so that a reader never sees half of it: to a temporary file, then renamed over. */
export async function writeReport(path: string, report: Report): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(report, null, 2)}\n`);
  await rename(temporary, path);
}
