/**
 * An optional layer on the state Annals stores, whose cost the layer workloads measure: zlib or zstd
 * compression, or AES-256-GCM encryption with a `cipherKey`.
 */
export type StateLayer = 'zlib' | 'zstd' | 'cipher';

/** The layers measured, in the order their workloads run. */
export const STATE_LAYERS: readonly StateLayer[] = ['zlib', 'zstd', 'cipher'];

/** How a workload's name says the layer it measures, e.g. `load a 10,000-event aggregate, zstd-compressed`. */
export function describeLayer(layer: StateLayer): string {
  switch (layer) {
    case 'zlib':
    case 'zstd':
      return `${layer}-compressed`;
    case 'cipher':
      return 'encrypted (AES-256-GCM)';
  }
}
