/** How far a rebuild has come, as its progress callback hears it. */
export interface RebuildProgress {
  /** The generation being rebuilt. */
  readonly generation: number;
  /** The position every partition of the new generation has passed. */
  readonly position: number;
  /** The head of the upstream log when the rebuild began: where it switches over. */
  readonly head: number;
}

/** Options of {@link ProjectionRunner.rebuild}. */
export interface RebuildOptions {
  /** Hears the progress after every batch. */
  readonly onProgress?: ((progress: RebuildProgress) => void) | undefined;
  /** Stops the rebuild; what it wrote stays and a later rebuild continues from there. */
  readonly signal?: AbortSignal | undefined;
}

/** Options of {@link ProjectionRunner.waitFor}. */
export interface WaitForOptions {
  /** How long to wait at most, in ms. @default 5000 */
  readonly timeout?: number | undefined;
}
