import type { Progress } from './progress.js';

const WIDTH = 30;

/** A one-line bar redrawn in place; silent without a terminal. */
export class ProgressBar implements Progress {
  readonly #label: string;
  readonly #stream: NodeJS.WriteStream | undefined;
  #total: number;
  #drawnAt = 0;

  constructor(label: string, total: number, stream: NodeJS.WriteStream | undefined) {
    this.#label = label;
    this.#total = total;
    this.#stream = stream;
  }

  update(done: number, total = this.#total): void {
    this.#total = Math.max(total, done);
    const now = Date.now();
    if (!this.#stream || (now - this.#drawnAt < 50 && done < this.#total)) return;
    this.#drawnAt = now;
    const share = this.#total === 0 ? 1 : done / this.#total;
    const filled = Math.round(share * WIDTH);
    this.#stream.write(
      `\r${this.#label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${done}/${this.#total}`,
    );
  }

  done(): void {
    if (this.#stream && this.#drawnAt > 0) this.#stream.write('\n');
  }
}
