import { tracedLogger, type Logger } from '@annals/core';
import { activeTraceIds } from '@annals/core/telemetry';
import type { RequestHandler } from 'express';
import { instanceOf } from '../internal/send-problem.js';
import { requestIdOf } from './request-id.js';

/** Options of {@link requestLog}. */
export interface RequestLogOptions {
  /** Where the request lines go, e.g. the application's logger or a pino logger. */
  readonly logger: Logger;
}

/**
 * Logs one line per request once it is answered, with its request id (the client's `X-Request-Id`, or a new
 * one, answered in that header and in problem+json bodies), method, path, route, status, duration and trace
 * id: at `info`, or `warn` for 5xx answers; `aborted: true` when the client went away first. Mount it
 * first, after `requestTracing()` where traces are wanted, so every request is logged.
 *
 * @example
 * ```ts
 * app.use(requestTracing(), requestLog({ logger }));
 * ```
 */
export function requestLog(options: RequestLogOptions): RequestHandler {
  const logger = tracedLogger(options.logger).child({ component: 'http' });
  return (request, response, next) => {
    const started = performance.now();
    const requestId = requestIdOf(request, response);
    const trace = activeTraceIds();
    // 'close' comes also when the client went away before the answer was sent, 'finish' would not.
    response.once('close', () => {
      const status = response.statusCode;
      const route = (request.route as { path?: unknown } | undefined)?.path;
      logger[status >= 500 ? 'warn' : 'info'](
        {
          requestId,
          method: request.method,
          path: instanceOf(request),
          ...(typeof route === 'string' ? { route } : {}),
          status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          ...(response.writableFinished ? {} : { aborted: true }),
          ...trace,
        },
        'request answered',
      );
    });
    next();
  };
}
