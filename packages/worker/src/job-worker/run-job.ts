import { histogram, inSpan, type TraceCarrier } from '@annals/core/telemetry';

const jobDuration = histogram('annals.job.duration', {
  description: 'Duration of jobs run by Annals job workers',
  unit: 's',
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
});

/**
 * Runs a job in an `annals.job` span, a child of `parent` when given, and records its duration, failed or not.
 */
export async function runJob<R>(
  name: string,
  handle: () => R | Promise<R>,
  parent?: TraceCarrier,
): Promise<R> {
  const started = performance.now();
  let errorType: string | undefined;
  try {
    return await inSpan('annals.job', { attributes: { 'annals.job.name': name }, parent }, handle);
  } catch (error) {
    errorType = error instanceof Error ? error.name : 'unknown';
    throw error;
  } finally {
    jobDuration.record((performance.now() - started) / 1000, {
      'annals.job.name': name,
      'error.type': errorType,
    });
  }
}
