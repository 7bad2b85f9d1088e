import type { RequestHandler } from 'express';
import { instanceOf, sendProblem } from '../internal/send-problem.js';
import { HttpErrorCode } from './http-error-code.js';
import { problemType } from './problem.js';

/**
 * The Express handler that answers every request no route answered with a 404 problem
 * (`ANNALS_ROUTE_NOT_FOUND`, `application/problem+json`) instead of Express's HTML page. Mount it after every
 * route, before `problemHandler`.
 *
 * @example
 * ```ts
 * app.post('/accounts', async (req, res) => { … });
 * app.use(notFoundHandler(), problemHandler({ logger }));
 * // GET /nowhere → 404 { "code": "ANNALS_ROUTE_NOT_FOUND", "detail": "no route matches GET /nowhere", … }
 * ```
 */
export function notFoundHandler(): RequestHandler {
  return (request, response) => {
    const instance = instanceOf(request);
    sendProblem(response, {
      type: problemType(HttpErrorCode.routeNotFound),
      title: 'Not Found',
      status: 404,
      detail: `no route matches ${request.method} ${instance}`,
      instance,
      code: HttpErrorCode.routeNotFound,
    });
  };
}
