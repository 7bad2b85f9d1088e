import type { ProjectionStatus } from '@annals/core';

/** How far behind, for people: `12 events behind, the oldest 3.4 s ago`, or `up to date`. */
export function lagText({ lagEvents, lagSeconds }: ProjectionStatus): string {
  if (lagEvents === 0) return 'up to date';
  return `${lagEvents} event${lagEvents === 1 ? '' : 's'} behind, the oldest ${lagSeconds.toFixed(1)} s ago`;
}

/** `running`, `paused`, and the generation a rebuild writes while one runs. */
export function stateText({ paused, rebuilding }: ProjectionStatus): string {
  const state = paused ? 'paused' : 'running';
  return rebuilding === undefined ? state : `${state}, rebuilding generation ${rebuilding}`;
}

/** The status of one projection, as `annals projections status` prints it. */
export function statusText(status: ProjectionStatus): string {
  return [
    `${status.name} (follows ${status.upstream})`,
    `  generation ${status.generation}, ${stateText(status)}`,
    `  position ${status.position} of ${status.head}: ${lagText(status)}`,
    ...status.partitions.map(
      ({ partition, position, state }) =>
        `  partition ${partition}: position ${position}${state === undefined ? '' : `, ${state} here`}`,
    ),
  ].join('\n');
}
