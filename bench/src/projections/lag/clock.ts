import { performance } from 'node:perf_hooks';

/** ms since the epoch, sub-millisecond: one clock for the writer's and the projector's processes. */
export const now = (): number => performance.timeOrigin + performance.now();
