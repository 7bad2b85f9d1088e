import { observeGauges } from '../telemetry/metrics.js';
import type { ProjectionStatus } from './projection-status.js';

/**
 * Reports a projection's lag at each metrics collection, read with `status` (from storage, so it is right
 * also while this process's runner is stuck). @returns a function that stops reporting
 */
export function observeProjectionLag(status: () => Promise<ProjectionStatus>): () => void {
  return observeGauges(
    {
      'annals.projection.lag': {
        description: 'Upstream events a projection has not processed',
        unit: '{event}',
      },
      'annals.projection.lag.duration': {
        description: 'How long ago the oldest event a projection has not processed happened',
        unit: 's',
      },
    },
    async (observe) => {
      const current = await status();
      const attributes = { 'annals.projection': current.name, 'annals.upstream': current.upstream };
      observe('annals.projection.lag', current.lagEvents, attributes);
      observe('annals.projection.lag.duration', current.lagSeconds, attributes);
    },
  );
}
