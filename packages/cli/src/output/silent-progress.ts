import type { Progress } from './progress.js';

/** Progress that shows nothing: with `--json`, whose result is the only thing a script reads. */
export class SilentProgress implements Progress {
  update(): void {}
  done(): void {}
}
