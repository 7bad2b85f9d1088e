import type { Logger, ProjectionRunner, ProjectionStatus } from '@annals/core';
import type { RequestHandler } from 'express';
import { instanceOf, sendProblem } from '../internal/send-problem.js';
import { HttpErrorCode } from '../problems/http-error-code.js';
import { problemType, type Problem } from '../problems/problem.js';
import type { ProjectionLagLimit } from './projection-lag.js';

/** A projection's status as `GET /health/projections` reports it. */
export type ProjectionHealth = ProjectionStatus & {
  /** Whether its lag is past the limit. */
  readonly lagging: boolean;
};

/** Options of {@link projectionHealth}. */
export interface ProjectionHealthOptions {
  readonly projections: readonly Pick<ProjectionRunner<unknown>, 'status'>[];
  readonly maxLag: ProjectionLagLimit;
  readonly timeout: number;
  readonly logger: Logger;
}

/**
 * Answers each projection's status and lag: 200 `{ status: 'ok', projections }`, or a 503 problem
 * (`ANNALS_PROJECTION_LAGGING`) with the same `projections` when one lags past `maxLag`, or
 * (`ANNALS_NOT_READY`) when the statuses cannot be read within the timeout.
 */
export function projectionHealth(options: ProjectionHealthOptions): RequestHandler {
  const { maxLag, logger } = options;
  return async (request, response) => {
    response.set('Cache-Control', 'no-store');
    const instance = instanceOf(request);
    let statuses: ProjectionStatus[];
    try {
      statuses = await within(
        options.timeout,
        Promise.all(options.projections.map((runner) => runner.status())),
      );
    } catch (error) {
      logger.warn({ err: error }, 'projection status unavailable');
      sendProblem(response, {
        type: problemType(HttpErrorCode.notReady),
        title: 'Service Unavailable',
        status: 503,
        detail: 'the status of the projections could not be read',
        instance,
        code: HttpErrorCode.notReady,
      });
      return;
    }
    const projections: ProjectionHealth[] = statuses.map((status) => ({
      ...status,
      lagging:
        status.lagEvents > (maxLag.events ?? Infinity) || status.lagSeconds > (maxLag.seconds ?? Infinity),
    }));
    const lagging = projections.filter((projection) => projection.lagging);
    if (lagging.length === 0) {
      response.json({ status: 'ok', projections });
      return;
    }
    const problem: Problem & { readonly projections: readonly ProjectionHealth[] } = {
      type: problemType(HttpErrorCode.projectionLagging),
      title: 'Service Unavailable',
      status: 503,
      detail:
        'projections behind more than the limit: ' +
        lagging
          .map(
            ({ name, lagEvents, lagSeconds }) => `${name} (${lagEvents} events, ${lagSeconds.toFixed(1)} s)`,
          )
          .join(', '),
      instance,
      code: HttpErrorCode.projectionLagging,
      projections,
    };
    sendProblem(response, problem);
  };
}

/** Resolves as `work` does, or rejects once `ms` have passed. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
