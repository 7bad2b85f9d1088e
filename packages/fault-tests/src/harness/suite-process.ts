import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ProcessSettings } from '../processes/process-settings.js';

/** One JSON line a process of the suite reported. */
export type Report = Readonly<Record<string, unknown>>;

/**
 * A process of the suite (a file of `../processes/`): the lines it reports, the commands it is sent, and
 * whether it ended without being told to, which means it did not recover from a fault by itself.
 */
export class SuiteProcess {
  readonly name: string;
  readonly exited: Promise<number | null>;
  readonly #child: ChildProcess;
  readonly #listeners = new Set<(report: Report) => void>();
  #stderr = '';
  #exitCode: number | null | undefined;
  #told = false;

  private constructor(script: string, settings: ProcessSettings) {
    this.name = settings.name;
    const path = fileURLToPath(new URL(`../processes/${script}.js`, import.meta.url));
    this.#child = spawn(process.execPath, [path, JSON.stringify(settings)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.#child.stderr?.on('data', (chunk: Buffer) => {
      // The tail is enough to say why a process failed; a long run under faults logs a lot of retries.
      this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-20_000);
    });
    createInterface({ input: this.#child.stdout! }).on('line', (line) => {
      let report: Report;
      try {
        report = JSON.parse(line) as Report;
      } catch {
        // Not a report: something else printed to stdout. Kept with stderr, which failures show.
        this.#stderr += `stdout: ${line}\n`;
        return;
      }
      for (const listener of this.#listeners) listener(report);
    });
    this.exited = once(this.#child, 'exit').then(([code]) => {
      this.#exitCode = code as number | null;
      return this.#exitCode;
    });
  }

  /** Starts `script` with `settings` and resolves once it reports that it is ready. */
  static async start(
    script: string,
    settings: ProcessSettings,
    listener?: (report: Report) => void,
  ): Promise<SuiteProcess> {
    const started = new SuiteProcess(script, settings);
    if (listener) started.#listeners.add(listener);
    try {
      await started.#next((report) => report['ready'] !== undefined, 60_000, 'reporting it is ready');
    } catch (error) {
      started.kill();
      throw error;
    }
    return started;
  }

  /** Sends a command and resolves with what the process reported when done. */
  async command(command: string, timeout: number): Promise<Report> {
    this.assertRunning();
    const done = this.#next((report) => report['done'] === command, timeout, `doing "${command}"`);
    this.#child.stdin?.write(`${command}\n`);
    const report = await done;
    const { error } = report;
    if (typeof error === 'string') throw new Error(`${this.name} failed "${command}": ${error}`);
    return report;
  }

  /** Tells the process to close what it opened and exit; fails unless it exits with 0. */
  async exit(timeout: number): Promise<void> {
    this.#told = true;
    this.#child.stdin?.write('exit\n');
    const code = await Promise.race([this.exited, deadline(timeout, `${this.name} exiting`)]);
    if (code !== 0)
      throw new Error(`${this.name} exited with ${String(code)}; the end of its stderr:\n${this.stderr}`);
  }

  /** @throws naming the process and the end of its stderr when it ended without being told to */
  assertRunning(): void {
    if (this.#exitCode === undefined || this.#told) return;
    throw new Error(
      `${this.name} exited by itself with ${String(this.#exitCode)}; the end of its stderr:\n${this.stderr}`,
    );
  }

  /** Kills the process if it still runs (the suite's teardown). */
  kill(): void {
    if (this.#exitCode === undefined) this.#child.kill('SIGKILL');
  }

  get stderr(): string {
    return this.#stderr.split('\n').slice(-15).join('\n');
  }

  #next(matches: (report: Report) => boolean, timeout: number, what: string): Promise<Report> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#listeners.delete(listener);
        reject(
          new Error(
            `${this.name} was not done ${what} within ${timeout} ms; the end of its stderr:\n${this.stderr}`,
          ),
        );
      }, timeout);
      const listener = (report: Report): void => {
        if (!matches(report)) return;
        clearTimeout(timer);
        this.#listeners.delete(listener);
        resolve(report);
      };
      this.#listeners.add(listener);
      void this.exited.then((code) => {
        if (!this.#listeners.has(listener)) return;
        clearTimeout(timer);
        this.#listeners.delete(listener);
        reject(
          new Error(
            `${this.name} exited with ${String(code)} before ${what}; the end of its stderr:\n${this.stderr}`,
          ),
        );
      });
    });
  }
}

function deadline(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) => {
    setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms).unref();
  });
}
