import type { WorkloadResult } from './report.js';

/** Options every suite takes from the command line. */
export interface SuiteOptions {
  /** A smaller run, for a quick look: fewer rounds over less data. */
  readonly quick: boolean;
}

/** What a suite hands back to the command line, which adds the machine and writes the report. */
export interface SuiteOutcome {
  readonly rounds: number;
  readonly results: readonly WorkloadResult[];
  /** Versions of the services measured, e.g. `{ postgresql: '15.20' }`. */
  readonly services: Readonly<Record<string, string>>;
  /** How each contender does each workload, where it is not obvious. */
  readonly notes: readonly string[];
}

/** A family of workloads run side by side against the same service, e.g. `sql`. */
export interface Suite {
  readonly name: string;
  run(options: SuiteOptions): Promise<SuiteOutcome>;
}
