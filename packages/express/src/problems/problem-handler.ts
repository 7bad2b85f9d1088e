import { silentLogger, tracedLogger, type Logger } from '@annals/core';
import { knownRequestId } from '../observability/request-id.js';
import type { ErrorRequestHandler } from 'express';
import { problemFor } from '../internal/problem-for.js';
import { instanceOf, sendProblem } from '../internal/send-problem.js';

/** Options of {@link problemHandler}. */
export interface ProblemHandlerOptions {
  /** Where the errors behind 5xx answers go, with the request's method and path. @default silent */
  readonly logger?: Logger;
  /**
   * Statuses for error codes of your own, or to change the built-in ones, e.g. `{ SHOP_SOLD_OUT: 409 }`.
   * Errors must be Annals errors (subclasses of `AnnalsError`) to be matched by code. @default {}
   */
  readonly statuses?: Readonly<Record<string, number>>;
}

/**
 * The Express error handler that answers every error with RFC 9457 problem details
 * (`application/problem+json`), by Annals error code:
 *
 * | code | status |
 * | --- | --- |
 * | `ANNALS_VALIDATION`, and JSON bodies that are malformed or not an object or array | 400 |
 * | `ANNALS_AGGREGATE_NOT_FOUND`, `ANNALS_PROJECTION_NOT_FOUND` | 404 |
 * | `ANNALS_RECORD_CONFLICT` (optimistic concurrency) | 409 |
 * | `ANNALS_PRECONDITION_FAILED` (`If-Match`) | 412 |
 * | `ANNALS_NOT_SUPPORTED` | 501 |
 * | `ANNALS_OPERATIONAL`, `ANNALS_CLOSED` | 503 |
 * | `ANNALS_TIMEOUT` (e.g. a read-your-writes wait), with `Retry-After: 1` | 503 |
 * | anything else, including `ANNALS_TOPIC_NOT_FOUND` and unknown errors | 500 |
 *
 * Answers below 500 carry the error's message as `detail`; 5xx answers carry a generic text and the error
 * goes to the logger. Errors of the storage (`ANNALS_RECORD_CONFLICT`, `ANNALS_OPERATIONAL`, `ANNALS_CLOSED`)
 * answer a generic text too, since their messages name tables, columns or hosts. Mount it after every route,
 * after `notFoundHandler()`, which answers requests that no route matches.
 *
 * @example
 * ```ts
 * app.use(express.json());
 * app.post('/accounts', async (req, res) => { … });
 * app.use(notFoundHandler(), problemHandler({ logger }));
 * ```
 */
export function problemHandler(options: ProblemHandlerOptions = {}): ErrorRequestHandler {
  const logger = tracedLogger(options.logger ?? silentLogger);
  const statuses = options.statuses ?? {};
  return (error: unknown, request, response, next) => {
    if (response.headersSent) {
      // Too late for a problem: Express's own handler cuts the connection so the client sees the failure.
      logger.error(
        { requestId: knownRequestId(request), method: request.method, path: request.path, err: error },
        'the request failed after its answer began',
      );
      next(error);
      return;
    }
    const requestId = knownRequestId(request);
    const { problem, severity, retryAfter } = problemFor(error, instanceOf(request), statuses);
    if (severity) {
      const { method } = request;
      const { instance: path, status, code } = problem;
      logger[severity]({ requestId, method, path, status, code, err: error }, 'the request failed');
    }
    if (retryAfter !== undefined) response.set('Retry-After', String(retryAfter));
    sendProblem(response, problem);
  };
}
