import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A child process of a scenario, and the JSON lines it printed so far. */
export class Child {
  readonly lines: Record<string, unknown>[] = [];
  readonly exited: Promise<number | null>;
  readonly #process: ChildProcess;
  readonly #waiters = new Set<() => void>();
  #stderr = '';

  /** Runs `script` (a file next to this one, e.g. `projector-process.js`) with `args`. */
  constructor(script: string, args: readonly string[]) {
    const path = fileURLToPath(new URL(script, import.meta.url));
    this.#process = spawn(process.execPath, [path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#process.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr += chunk.toString('utf8');
    });
    createInterface({ input: this.#process.stdout! }).on('line', (line) => {
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
      for (const waiter of this.#waiters) waiter();
    });
    this.exited = once(this.#process, 'exit').then(([code]) => code as number | null);
  }

  /** Resolves with the first line (printed so far or later) that `matches`; rejects when the child exits first. */
  async line(matches: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const found = (): Record<string, unknown> | undefined => this.lines.find(matches);
    const early = found();
    if (early) return early;
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const line = found();
        if (!line) return;
        this.#waiters.delete(check);
        resolve(line);
      };
      this.#waiters.add(check);
      void this.exited.then((code) => {
        this.#waiters.delete(check);
        reject(
          new Error(`the child exited (${String(code)}) before printing the line; stderr:\n${this.#stderr}`),
        );
      });
    });
  }

  kill(signal: NodeJS.Signals): void {
    this.#process.kill(signal);
  }

  /** Asks the child to stop and waits for it; fails when it exits with an error. */
  async stop(): Promise<void> {
    if (this.#process.exitCode !== null || this.#process.signalCode !== null) return;
    this.kill('SIGTERM');
    const code = await this.exited;
    if (code !== 0) throw new Error(`the child exited with ${String(code)}; stderr:\n${this.#stderr}`);
  }

  get stderr(): string {
    return this.#stderr;
  }
}
