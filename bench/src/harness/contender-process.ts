import { fork, type ChildProcess } from 'node:child_process';
import { READY, type Reply, type Request } from './protocol.js';

interface Pending {
  resolve(reply: Reply): void;
  reject(error: Error): void;
}

/** The benchmark process's handle on a contender running in a child process (see `serveContender`). */
export class ContenderProcess<Task> {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  private constructor(
    readonly name: string,
    child: ChildProcess,
  ) {
    this.#child = child;
    child.on('message', (reply: Reply) => {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.error === undefined) pending?.resolve(reply);
      else pending?.reject(new Error(`${name}: ${reply.error}`));
    });
    child.on('exit', (code) => {
      for (const pending of this.#pending.values()) {
        pending.reject(new Error(`${name}'s process exited with code ${code} mid-request`));
      }
      this.#pending.clear();
    });
  }

  /**
   * Starts `entry` with `args` and waits until its contender is open.
   * @param execArgv Node options of this process beside `--expose-gc`, e.g. a module to `--import` first
   */
  static async start<Task>(
    name: string,
    entry: URL,
    args: readonly string[],
    execArgv: readonly string[] = [],
  ): Promise<ContenderProcess<Task>> {
    const child = fork(entry, [...args], { execArgv: ['--expose-gc', ...execArgv], stdio: 'inherit' });
    await new Promise<void>((resolve, reject) => {
      child.once('message', (message) =>
        message === READY
          ? resolve()
          : reject(new Error(`${name} sent ${JSON.stringify(message)} before it was ready`)),
      );
      child.once('exit', (code) =>
        reject(new Error(`${name}'s process exited with code ${code} while opening`)),
      );
    });
    return new ContenderProcess<Task>(name, child);
  }

  async prepare(task: Task): Promise<void> {
    await this.#request('prepare', task);
  }

  /** @returns the seconds the work took, as the contender process measured it */
  async perform(task: Task): Promise<number> {
    const { seconds } = await this.#request('perform', task);
    if (seconds === undefined) throw new Error(`${this.name} did not report a time`);
    return seconds;
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null || !this.#child.connected) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    await this.#request('close');
    await exited;
  }

  #request(op: Request['op'], task?: Task): Promise<Reply> {
    const id = this.#nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#child.send({ id, op, task } satisfies Request);
    });
  }
}
