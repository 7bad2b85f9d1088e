import {
  hasNotificationLog,
  silentLogger,
  type Application,
  type Logger,
  type ProjectionRunner,
} from '@annals/core';
import express, { type Request, type Response, type Router } from 'express';
import type { Server } from 'node:http';
import type { Authorize, TrustedNetwork } from '../access/authorize.js';
import type { ApplicationSource } from '../application-source.js';
import { accessGuard } from '../internal/access-guard.js';
import { HttpErrorCode } from '../problems/http-error-code.js';
import { problemType } from '../problems/problem.js';
import { instanceOf, sendProblem } from '../internal/send-problem.js';
import { projectionHealth } from './projection-health.js';
import type { ProjectionLagLimit } from './projection-lag.js';

/** Options of {@link healthRouter}. */
export interface HealthRouterOptions {
  /** The application whose storage and projections the checks read. */
  readonly application: ApplicationSource;
  /**
   * The server whose shutdown makes the process unready: the check passes only while it listens, so a load
   * balancer stops sending requests as soon as a graceful shutdown begins. @default not checked
   */
  readonly server?: Server;
  /** How long the storage may take to answer the readiness check, or the projections theirs, in ms. @default 2000 */
  readonly timeout?: number;
  /** Where the reasons of failed readiness checks go. @default silent */
  readonly logger?: Logger;
  /**
   * The projection runners whose status and lag `GET /health/projections` reports, e.g. those this process
   * started. @default none, and no such route
   */
  readonly projections?: readonly Pick<ProjectionRunner<unknown>, 'status'>[];
  /**
   * Past this lag a projection makes `GET /health/projections` answer 503; a paused one too, as its lag
   * grows. @default no limit
   */
  readonly maxLag?: ProjectionLagLimit;
  /**
   * Who may read `GET /health/projections`, which names the projections and their positions in the log: a
   * function of the request (e.g. `bearerToken(secret)`) whose refusals are answered 401 or 403, or
   * `'trusted-network'`. Required with `projections`; the probes of `/health/live` and `/health/ready` stay
   * open to the orchestrator.
   */
  readonly authorize?: Authorize | TrustedNetwork;
}

/**
 * An Express router with the probes of an orchestrator:
 * - `GET /health/live` answers 200 while the process runs;
 * - `GET /health/ready` answers 200 when the server listens, the application is initialised and its storage
 *   answers within the timeout, and a 503 problem (`ANNALS_NOT_READY`) naming which of these failed
 *   otherwise, including once a graceful shutdown has begun;
 * - `GET /health/projections`, with the `projections` option, answers 200 with each projection's status and
 *   lag in events and seconds, and a 503 problem (`ANNALS_PROJECTION_LAGGING`) with the same statuses once
 *   one lags past `maxLag`. Lag does not make the process unready: every instance shares it, so taking one
 *   out of the load balancer cannot help; alert on this route instead.
 *
 * @throws ConfigurationError when `projections` is given without `authorize`.
 * @example
 * ```ts
 * const server = http.createServer(app);
 * app.use(healthRouter({ application: getApplication, server }));
 * // with the lag of the projections this process runs, for the monitoring that holds the token:
 * app.use(healthRouter({
 *   application: getApplication,
 *   server,
 *   projections: [balances],
 *   maxLag: { seconds: 30 },
 *   authorize: bearerToken(process.env['HEALTH_TOKEN'] ?? ''),
 * }));
 * ```
 */
export function healthRouter(options: HealthRouterOptions): Router {
  const logger = options.logger ?? silentLogger;
  const timeout = options.timeout ?? 2000;
  const router = express.Router();
  router.get('/health/live', (_request, response) => {
    response.set('Cache-Control', 'no-store').json({ status: 'live' });
  });
  router.get('/health/ready', async (request, response) => {
    response.set('Cache-Control', 'no-store');
    if (options.server && !options.server.listening) {
      notReady(request, response, 'the server is shutting down');
      return;
    }
    let application: Application;
    try {
      application = await options.application();
    } catch (error) {
      logger.warn({ err: error }, 'not ready: no application');
      notReady(request, response, 'the application is not initialised');
      return;
    }
    const failure = await storageFailure(application, timeout, logger);
    if (failure !== undefined) {
      notReady(request, response, failure);
      return;
    }
    response.json({ status: 'ready' });
  });
  if (options.projections) {
    const guard = accessGuard(options.authorize, 'healthRouter with projections');
    router.get(
      '/health/projections',
      ...(guard ? [guard] : []),
      projectionHealth({ projections: options.projections, maxLag: options.maxLag ?? {}, timeout, logger }),
    );
  }
  return router;
}

/** The aggregate the readiness check reads when there is no notification log: the nil UUID, never saved. */
const probedAggregate = '00000000-0000-0000-0000-000000000000';

/** Why the storage is not ready, or `undefined` when it answered a cheap read within `timeout` ms. */
async function storageFailure(
  application: Application,
  timeout: number,
  logger: Logger,
): Promise<string | undefined> {
  const { strategy } = application;
  // The end of the log where there is one; any strategy can read an aggregate's events.
  const read = Promise.resolve().then((): Promise<unknown> =>
    hasNotificationLog(strategy)
      ? strategy.maxNotificationPosition()
      : strategy.selectEvents(probedAggregate, { limit: 1 }),
  );
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the storage did not answer within ${timeout} ms`), timeout);
  });
  const answered = read.then(
    () => undefined,
    (error: unknown) => {
      logger.warn({ err: error }, 'not ready: the storage failed');
      return 'the storage is unavailable';
    },
  );
  try {
    return await Promise.race([answered, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function notReady(request: Request, response: Response, detail: string): void {
  sendProblem(response, {
    type: problemType(HttpErrorCode.notReady),
    title: 'Service Unavailable',
    status: 503,
    detail,
    instance: instanceOf(request),
    code: HttpErrorCode.notReady,
  });
}
