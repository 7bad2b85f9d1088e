import { spawn, type ChildProcess } from 'node:child_process';
import type { SystemUser } from './system-user.js';

/** Options of {@link ServerProcess.start}. */
export interface ServerProcessOptions {
  /** Names the server in errors, e.g. `PostgreSQL`. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Added to this process's environment. @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** @default the current user */
  readonly user?: SystemUser | undefined;
}

/**
 * A server running as a child of the test process: what it prints is kept, so a test can wait for the line
 * that says it is ready, and a server that fails to start is reported with the end of its output.
 */
export class ServerProcess {
  readonly #name: string;
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  #output = '';
  #exitCode: number | null | undefined;
  readonly #listeners = new Set<() => void>();

  private constructor(options: ServerProcessOptions) {
    this.#name = options.name;
    this.#child = spawn(options.command, options.args, {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
    });
    const collect = (chunk: Buffer): void => {
      this.#output += chunk.toString();
      for (const listener of this.#listeners) listener();
    };
    this.#child.stdout?.on('data', collect);
    this.#child.stderr?.on('data', collect);
    this.#exited = new Promise((resolve) => {
      this.#child.once('error', (error) => {
        this.#output += `\n${error.message}`;
      });
      this.#child.once('close', (code) => {
        this.#exitCode = code;
        for (const listener of this.#listeners) listener();
        resolve();
      });
    });
  }

  /** Starts the server and resolves once its output matches `ready`. */
  static async start(options: ServerProcessOptions, ready: RegExp, timeout: number): Promise<ServerProcess> {
    const server = new ServerProcess(options);
    try {
      await server.#until(ready, timeout);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** Sends `signal` and waits for the process to exit; a process still running after `grace` ms is killed. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', grace = 30_000): Promise<void> {
    if (this.#exitCode !== undefined) return;
    this.#child.kill(signal);
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), grace);
    await this.#exited;
    clearTimeout(timer);
  }

  #until(pattern: RegExp, timeout: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (error?: Error): void => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        if (error) reject(error);
        else resolve();
      };
      const check = (): void => {
        if (pattern.test(this.#output)) done();
        else if (this.#exitCode !== undefined) done(this.#failure(`exited with code ${this.#exitCode}`));
      };
      const timer = setTimeout(() => done(this.#failure(`was not ready within ${timeout} ms`)), timeout);
      this.#listeners.add(check);
      check();
    });
  }

  #failure(what: string): Error {
    const tail = this.#output.split('\n').slice(-30).join('\n');
    return new Error(`${this.#name} ${what}; the end of its output:\n${tail}`);
  }
}
