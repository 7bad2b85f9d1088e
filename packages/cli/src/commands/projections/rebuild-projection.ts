import type { ProjectionRunner, RebuildProgress } from '@annals/core';
import type { Output } from '../../output/output.js';

/** What `annals projections rebuild` reports. */
export interface RebuildResult {
  readonly name: string;
  /** The generation served now, which the rebuild wrote. */
  readonly generation: number;
  /** The generation it replaced, whose read model was torn down. */
  readonly replaced: number;
}

/**
 * Rebuilds a projection blue-green, showing its progress. SIGINT or SIGTERM stops it between batches; what
 * it wrote stays, and the next rebuild continues from there.
 * @throws Error when a signal stopped it, saying where
 */
export async function rebuildProjection(
  runner: ProjectionRunner<unknown>,
  output: Output,
): Promise<RebuildResult> {
  const { name } = runner.projection;
  const replaced = await runner.generation();
  const progress = output.progress(`rebuild ${name}`, 0);
  const stopping = new AbortController();
  const stop = (): void => stopping.abort();
  const signals = ['SIGINT', 'SIGTERM'] as const;
  for (const signal of signals) process.once(signal, stop);
  let last: RebuildProgress | undefined;
  let generation: number;
  try {
    generation = await runner.rebuild({
      signal: stopping.signal,
      onProgress: (reached) => {
        last = reached;
        progress.update(reached.position, reached.head);
      },
    });
  } finally {
    for (const signal of signals) process.off(signal, stop);
    progress.done();
  }
  if (stopping.signal.aborted && generation === replaced) {
    const where = last ? ` at position ${last.position} of ${last.head}` : '';
    throw new Error(
      `the rebuild of ${name} stopped${where}; generation ${replaced} still serves, and the next rebuild ` +
        'continues where this one stopped',
    );
  }
  return { name, generation, replaced };
}
