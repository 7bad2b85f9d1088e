import { ConfigurationError } from '@annals/core';
import type { RequestHandler } from 'express';
import { trustedNetwork, type Authorize, type TrustedNetwork } from '../access/authorize.js';
import { HttpErrorCode } from '../problems/http-error-code.js';
import { problemType } from '../problems/problem.js';
import { instanceOf, sendProblem } from './send-problem.js';

/**
 * The handler that answers requests `authorize` refuses with a 401 or 403 problem, or `undefined` for the
 * trusted-network opt-out. Refuses to construct without an explicit decision, naming the option.
 */
export function accessGuard(
  authorize: Authorize | TrustedNetwork | undefined,
  owner: string,
): RequestHandler | undefined {
  if (authorize === trustedNetwork) return undefined;
  if (typeof authorize !== 'function') {
    throw new ConfigurationError(
      'authorize',
      `${owner} needs an authorize option: a function of the request (e.g. bearerToken(secret)), ` +
        `or '${trustedNetwork}' to serve every request on a network that only trusted clients reach`,
    );
  }
  return async (request, response, next) => {
    const decision = await authorize(request);
    if (decision === true || decision === 'allow') {
      next();
      return;
    }
    const unauthenticated =
      decision === 'unauthenticated' || (decision === false && request.headers.authorization === undefined);
    const instance = instanceOf(request);
    if (unauthenticated) {
      response.set('www-authenticate', 'Bearer');
      sendProblem(response, {
        type: problemType(HttpErrorCode.unauthenticated),
        title: 'Unauthorized',
        status: 401,
        detail: `${instance} needs credentials`,
        instance,
        code: HttpErrorCode.unauthenticated,
      });
      return;
    }
    sendProblem(response, {
      type: problemType(HttpErrorCode.forbidden),
      title: 'Forbidden',
      status: 403,
      detail: `the credentials given do not allow access to ${instance}`,
      instance,
      code: HttpErrorCode.forbidden,
    });
  };
}
