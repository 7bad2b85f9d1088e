/** The stable codes of Annals errors. */
export const ErrorCode = {
  /** Input was rejected: {@link ValidationError}. */
  validation: 'ANNALS_VALIDATION',
  /** A setting is missing or malformed: {@link ConfigurationError}. */
  configuration: 'ANNALS_CONFIGURATION',
  /** A record with the same identity exists: {@link RecordConflictError}. */
  conflict: 'ANNALS_RECORD_CONFLICT',
  /** No events exist for the aggregate: {@link AggregateNotFoundError}. */
  notFound: 'ANNALS_AGGREGATE_NOT_FOUND',
  /** A stored topic has no registered class: {@link TopicNotFoundError}. */
  topicNotFound: 'ANNALS_TOPIC_NOT_FOUND',
  /** A stored record failed its integrity check: {@link IntegrityError}. */
  integrity: 'ANNALS_INTEGRITY',
  /** Storage or broker trouble that may pass: {@link OperationalError}. */
  operational: 'ANNALS_OPERATIONAL',
  /** The strategy lacks a capability: {@link NotSupportedError}. */
  notSupported: 'ANNALS_NOT_SUPPORTED',
  /** The component is closed: {@link ClosedError}. */
  closed: 'ANNALS_CLOSED',
  /** No projection has the name: {@link ProjectionNotFoundError}. */
  projectionNotFound: 'ANNALS_PROJECTION_NOT_FOUND',
  /** A wait ran out: {@link TimeoutError}. */
  timeout: 'ANNALS_TIMEOUT',
} as const;

/** One of the stable codes of core's errors. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
