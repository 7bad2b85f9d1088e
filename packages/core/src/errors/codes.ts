/** The stable codes of Annals errors. */
export const ErrorCode = {
  validation: 'ANNALS_VALIDATION',
  configuration: 'ANNALS_CONFIGURATION',
  conflict: 'ANNALS_RECORD_CONFLICT',
  notFound: 'ANNALS_AGGREGATE_NOT_FOUND',
  topicNotFound: 'ANNALS_TOPIC_NOT_FOUND',
  integrity: 'ANNALS_INTEGRITY',
  operational: 'ANNALS_OPERATIONAL',
  notSupported: 'ANNALS_NOT_SUPPORTED',
  closed: 'ANNALS_CLOSED',
  projectionNotFound: 'ANNALS_PROJECTION_NOT_FOUND',
  timeout: 'ANNALS_TIMEOUT',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
