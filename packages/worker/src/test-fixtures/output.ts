import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';

/** Collects a process's output line by line, and waits for lines the test expects. */
export class Output {
  readonly lines: string[] = [];
  readonly #waiters = new Set<() => void>();

  constructor(stream: Readable) {
    createInterface({ input: stream }).on('line', (line) => {
      this.lines.push(line);
      for (const waiter of this.#waiters) waiter();
    });
  }

  /** Lines that start with `prefix`, split on spaces, without the prefix. */
  fields(prefix: string): string[][] {
    return this.lines
      .filter((line) => line === prefix || line.startsWith(`${prefix} `))
      .map((line) => line.split(' ').slice(1));
  }

  /** Resolves once `count` lines start with `prefix`. */
  async waitFor(prefix: string, count = 1, timeout = 30_000): Promise<string[][]> {
    const met = (): boolean => this.fields(prefix).length >= count;
    if (!met()) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.#waiters.delete(check);
          reject(
            new Error(`waited ${timeout} ms for ${count} "${prefix}" lines; got:\n${this.lines.join('\n')}`),
          );
        }, timeout);
        const check = (): void => {
          if (!met()) return;
          clearTimeout(timer);
          this.#waiters.delete(check);
          resolve();
        };
        this.#waiters.add(check);
      });
    }
    return this.fields(prefix);
  }
}
