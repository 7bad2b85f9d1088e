import type { Request } from 'express';

/**
 * What an {@link Authorize} function decided: `'allow'`; `'unauthenticated'` when the request carries no
 * credentials it accepts (answered 401); `'forbidden'` when it refuses the credentials given (403). `true`
 * allows, and `false` refuses with 401 when the request has no `Authorization` header, else 403.
 */
export type AccessDecision = boolean | 'allow' | 'unauthenticated' | 'forbidden';

/** Decides whether a request may be served; an error it throws is answered 500 through `problemHandler`. */
export type Authorize = (request: Request) => AccessDecision | Promise<AccessDecision>;

/**
 * The explicit opt-out of an access decision: every request is served. Only for endpoints that a network
 * boundary already protects, e.g. a port that only the followers' network can reach.
 */
export const trustedNetwork = 'trusted-network';
/** The type of {@link trustedNetwork}. */
export type TrustedNetwork = typeof trustedNetwork;
