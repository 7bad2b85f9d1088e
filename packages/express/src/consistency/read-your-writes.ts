import { ValidationError, type ProjectionRunner } from '@annals/core';
import type { RequestHandler } from 'express';
import { positionHeader } from './position-header.js';

/** Options of {@link readYourWrites}. */
export interface ReadYourWritesOptions {
  /** The projections the route reads: the request waits until each has processed its position. */
  readonly projections: readonly ProjectionRunner<unknown>[];
  /**
   * How long a request waits at most, in ms; then it is answered 503 (`ANNALS_TIMEOUT`) with `Retry-After`
   * through `problemHandler`. @default 5000
   */
  readonly timeout?: number;
  /** The request header that carries the position to wait for. @default 'Annals-Position' */
  readonly header?: string;
}

const positionPattern = /^\d{1,15}$/;

/**
 * Middleware for reads that must see the client's own earlier write: when the request carries the position
 * that write's answer gave (`Annals-Position`, see `setPosition`), it waits until each of the
 * `projections` has processed the log up to it, and then lets the route read the read model. A request
 * without the header reads at once. A malformed position is answered 400 (`ANNALS_VALIDATION`); a wait past
 * the timeout 503 (`ANNALS_TIMEOUT`) with `Retry-After`, through `problemHandler`.
 *
 * @example
 * ```ts
 * app.get('/accounts/:id/balance', readYourWrites({ projections: [balances] }), async (req, res) => {
 *   res.json(await em.findOneOrFail(Balance, req.params.id));
 * });
 * // the client: POST /accounts answered `Annals-Position: 42`;
 * // GET /accounts/<id>/balance with `Annals-Position: 42` sees the new account.
 * ```
 */
export function readYourWrites(options: ReadYourWritesOptions): RequestHandler {
  const { projections } = options;
  const header = options.header ?? positionHeader;
  const timeout = options.timeout ?? 5000;
  return async (request, _response, next) => {
    const value = request.get(header);
    if (value !== undefined) {
      const position = value.trim();
      if (!positionPattern.test(position)) {
        throw new ValidationError(
          `${header} must be a notification position, a whole number >= 0; got ${JSON.stringify(value)}`,
        );
      }
      await Promise.all(projections.map((runner) => runner.waitFor(Number(position), { timeout })));
    }
    next();
  };
}
