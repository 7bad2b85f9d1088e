import { ProgressBar } from './progress-bar.js';

/** Where commands write: text for people, or one JSON document for scripts (`--json`). */
export class Output {
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

  /** A progress bar on stderr when it is a terminal and not `--json`; otherwise one that draws nothing. */
  progress(label: string, total: number): ProgressBar {
    return new ProgressBar(label, total, this.json || !this.#stderr.isTTY ? undefined : this.#stderr);
  }
}
