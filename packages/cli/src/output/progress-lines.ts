import type { Progress } from './progress.js';

/**
 * Progress as plain lines, for logs and pipes where a bar redrawn in place would be noise: the first
 * update, then at most one line per `interval` ms, and the last one.
 */
export class ProgressLines implements Progress {
  readonly #label: string;
  readonly #stream: NodeJS.WritableStream;
  readonly #interval: number;
  #total: number;
  #done = 0;
  #writtenAt: number | undefined;
  #written = true;

  constructor(label: string, total: number, stream: NodeJS.WritableStream, interval = 1000) {
    this.#label = label;
    this.#total = total;
    this.#stream = stream;
    this.#interval = interval;
  }

  update(done: number, total = this.#total): void {
    this.#total = Math.max(total, done);
    this.#done = done;
    this.#written = false;
    const now = Date.now();
    if (this.#writtenAt === undefined || now - this.#writtenAt >= this.#interval || done >= this.#total) {
      this.#write(now);
    }
  }

  done(): void {
    if (!this.#written) this.#write(Date.now());
  }

  #write(now: number): void {
    const share = this.#total === 0 ? 100 : Math.floor((this.#done / this.#total) * 100);
    this.#stream.write(`${this.#label}: ${this.#done}/${this.#total} (${share}%)\n`);
    this.#writtenAt = now;
    this.#written = true;
  }
}
