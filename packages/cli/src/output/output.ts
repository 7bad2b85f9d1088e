import { ProgressBar } from './progress-bar.js';
import { ProgressLines } from './progress-lines.js';
import type { Progress } from './progress.js';
import { SilentProgress } from './silent-progress.js';

/** Where commands write: text for people, or one JSON document for scripts (`--json`). */
export class Output {
  /** Whether output is one JSON document (`--json`) rather than text. */
  readonly json: boolean;
  readonly #stdout: NodeJS.WriteStream;
  readonly #stderr: NodeJS.WriteStream;

  constructor(
    json: boolean,
    stdout: NodeJS.WriteStream = process.stdout,
    stderr: NodeJS.WriteStream = process.stderr,
  ) {
    this.json = json;
    this.#stdout = stdout;
    this.#stderr = stderr;
  }

  /** A line for people; nothing with `--json`. */
  line(text: string): void {
    if (!this.json) this.#stdout.write(`${text}\n`);
  }

  /** The command's result: JSON with `--json`, else the given text. */
  result(value: unknown, text: string): void {
    if (this.json) this.#stdout.write(`${JSON.stringify(value)}\n`);
    else if (text !== '') this.#stdout.write(`${text}\n`);
  }

  /** The one-line reason of a failure, on stderr (and as JSON on stdout with `--json`). */
  failure(command: string, message: string, code: string | undefined): void {
    const reason = message.split('\n')[0] ?? message;
    if (this.json) this.#stdout.write(`${JSON.stringify({ error: { command, code, message: reason } })}\n`);
    this.#stderr.write(`annals ${command}: ${reason}\n`);
  }

  /**
   * Progress on stderr: a bar when it is a terminal, plain lines now and then when it is not (a log or a
   * pipe), nothing with `--json`, whose result is one JSON document.
   */
  progress(label: string, total: number): Progress {
    if (this.json) return new SilentProgress();
    if (this.#stderr.isTTY) return new ProgressBar(label, total, this.#stderr);
    return new ProgressLines(label, total, this.#stderr);
  }

  /** Text the argument parser writes (help), on stdout; nothing with `--json`. */
  help(text: string): void {
    if (!this.json) this.#stdout.write(text);
  }
}
