import { SingleBar } from 'cli-progress';
import type { Progress } from './progress.js';

/** A one-line bar redrawn in place on a terminal, drawn by cli-progress from the first update on. */
export class ProgressBar implements Progress {
  readonly #label: string;
  readonly #bar: SingleBar;
  #total: number;
  #started = false;

  constructor(label: string, total: number, stream: NodeJS.WriteStream) {
    this.#label = label;
    this.#total = total;
    this.#bar = new SingleBar({
      stream,
      format: '{label} [{bar}] {value}/{total}',
      barsize: 30,
      barCompleteChar: '#',
      barIncompleteChar: '.',
      fps: 20,
    });
  }

  update(done: number, total = this.#total): void {
    this.#total = Math.max(total, done);
    if (!this.#started) {
      this.#started = true;
      this.#bar.start(this.#total, done, { label: this.#label });
      return;
    }
    this.#bar.setTotal(this.#total);
    this.#bar.update(done);
  }

  done(): void {
    if (this.#started) this.#bar.stop();
  }
}
