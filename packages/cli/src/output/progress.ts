/** Where a long command reports how far it has come. */
export interface Progress {
  /** `done` of `total` units are done; `total` may grow. */
  update(done: number, total?: number): void;
  /** The work has ended. */
  done(): void;
}
