export {
  trustedNetwork,
  type AccessDecision,
  type Authorize,
  type TrustedNetwork,
} from './access/authorize.js';
export { bearerToken } from './access/bearer-token.js';
export type { ApplicationSource } from './application-source.js';
export { positionHeader, setPosition } from './consistency/position-header.js';
export { readYourWrites, type ReadYourWritesOptions } from './consistency/read-your-writes.js';
export { requestContext, type RequestContextOptions } from './context/request-context.js';
export { assertIfMatch, entityTag, expectedVersion, sendAggregate } from './etag/entity-tag.js';
export { healthRouter, type HealthRouterOptions } from './health/health-router.js';
export type { ProjectionHealth } from './health/projection-health.js';
export type { ProjectionLagLimit } from './health/projection-lag.js';
export {
  notificationLogRouter,
  type NotificationLogRouterOptions,
} from './notifications/notification-log-router.js';
export { HttpErrorCode } from './problems/http-error-code.js';
export { requestIdHeader } from './observability/request-id.js';
export { requestLog, type RequestLogOptions } from './observability/request-log.js';
export { requestTracing } from './observability/request-tracing.js';
export { isPreconditionFailedError, PreconditionFailedError } from './problems/precondition-failed-error.js';
export { notFoundHandler } from './problems/not-found-handler.js';
export { problemHandler, type ProblemHandlerOptions } from './problems/problem-handler.js';
export { problemContentType, problemType, type Problem } from './problems/problem.js';
export { serve, type ServeOptions, type Serving } from './shutdown/serve.js';
