import type { ProcessSettings } from '../processes/process-settings.js';
import { SuiteProcess, type Report } from './suite-process.js';

/** What the pool probes found: how many transactions each process ran at once, and what failed. */
export interface PoolProbes {
  readonly concurrent: Readonly<Record<string, number>>;
  readonly problems: readonly string[];
}

/** The processes of a run, started with settings that differ by name only. */
export class Crew {
  readonly #settings: (name: string) => ProcessSettings;
  readonly #processes: SuiteProcess[] = [];

  constructor(settings: (name: string) => ProcessSettings) {
    this.#settings = settings;
  }

  /** Starts `script` (a file of `../processes/`) as `name`, once it reports ready. */
  async start(script: string, name: string, listener?: (report: Report) => void): Promise<SuiteProcess> {
    const started = await SuiteProcess.start(script, this.#settings(name), listener);
    this.#processes.push(started);
    return started;
  }

  /** @throws when a process ended by itself: it did not recover */
  check(): void {
    for (const running of this.#processes) running.assertRunning();
  }

  /** `error`, with the end of what every process wrote to stderr. */
  explain(error: unknown): Error {
    const message = error instanceof Error ? error.message : String(error);
    return new Error(
      [message, ...this.#processes.map((running) => `--- ${running.name}:\n${running.stderr}`)].join('\n'),
    );
  }

  /** Has every process run as many transactions at once as its pool has connections. */
  async probePools(timeout: number): Promise<PoolProbes> {
    const problems: string[] = [];
    const probed = await Promise.all(
      this.#processes.map(async (running) => {
        const concurrent = await running.command('probe', timeout).then(
          (report) => Number(report['concurrent']),
          (error: unknown) => {
            problems.push(
              `${running.name}'s pool: ${error instanceof Error ? error.message : String(error)}`,
            );
            return 0;
          },
        );
        return [running.name, concurrent] as const;
      }),
    );
    return { concurrent: Object.fromEntries(probed), problems };
  }

  /** Tells every process to close what it opened and exit; fails unless each exits with 0. */
  async exit(timeout: number): Promise<void> {
    await Promise.all(this.#processes.map((running) => running.exit(timeout)));
  }

  /** Kills whatever still runs (the test's teardown). */
  kill(): void {
    for (const running of this.#processes) running.kill();
  }
}
