/** Codes of the problems this package answers with besides those of `ErrorCode` in `@annals/core`. */
export const HttpErrorCode = {
  /** `If-Match` named another version than the aggregate's (412). */
  preconditionFailed: 'ANNALS_PRECONDITION_FAILED',
  /** No route answers the request's method and path (404), from `notFoundHandler`. */
  routeNotFound: 'ANNALS_ROUTE_NOT_FOUND',
  /** The request was refused before reaching the application, e.g. a body over the size limit (4xx). */
  requestRejected: 'ANNALS_REQUEST_REJECTED',
  /** The request carried no credentials the endpoint's `authorize` accepts (401). */
  unauthenticated: 'ANNALS_UNAUTHENTICATED',
  /** The endpoint's `authorize` refused the request's credentials (403). */
  forbidden: 'ANNALS_FORBIDDEN',
  /** An error Annals does not know (500); the details went to the logger. */
  internal: 'ANNALS_INTERNAL',
  /** The readiness check failed (503). */
  notReady: 'ANNALS_NOT_READY',
  /** A projection lags past the health check's limit (503). */
  projectionLagging: 'ANNALS_PROJECTION_LAGGING',
} as const;

export type HttpErrorCode = (typeof HttpErrorCode)[keyof typeof HttpErrorCode];
