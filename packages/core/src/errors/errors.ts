import { AnnalsError, hasCode, type AnnalsErrorOptions } from './annals-error.js';
import { ErrorCode } from './codes.js';

/** Input was rejected before anything reached storage. */
export class ValidationError extends AnnalsError {
  override name = 'ValidationError';
  constructor(message: string, options?: AnnalsErrorOptions) {
    super(ErrorCode.validation, message, options);
  }
}

/** A setting is missing or malformed; `setting` names it. */
export class ConfigurationError extends AnnalsError {
  override name = 'ConfigurationError';
  constructor(
    readonly setting: string,
    message: string,
    options?: AnnalsErrorOptions,
  ) {
    super(ErrorCode.configuration, message, options);
  }
}

/**
 * A record with the same identity already exists: an event at the same originator version (optimistic
 * concurrency control), or a tracking record for an upstream position already processed. Nothing of the
 * append that raised it was stored.
 */
export class RecordConflictError extends AnnalsError {
  override name = 'RecordConflictError';
  constructor(message: string, options?: AnnalsErrorOptions) {
    super(ErrorCode.conflict, message, options);
  }
}

/** No events (and no snapshot) exist for the requested aggregate. */
export class AggregateNotFoundError extends AnnalsError {
  override name = 'AggregateNotFoundError';
  constructor(
    readonly aggregateId: string,
    options?: AnnalsErrorOptions,
  ) {
    super(ErrorCode.notFound, `aggregate ${aggregateId} not found`, options);
  }
}

/** A stored topic has no registered class. */
export class TopicNotFoundError extends AnnalsError {
  override name = 'TopicNotFoundError';
  constructor(
    readonly topic: string,
    options?: AnnalsErrorOptions,
  ) {
    super(ErrorCode.topicNotFound, `no class is registered for topic "${topic}"`, options);
  }
}

/** A stored record failed its integrity check: tampered bytes or the wrong cipher key. */
export class IntegrityError extends AnnalsError {
  override name = 'IntegrityError';
  constructor(message: string, options?: AnnalsErrorOptions) {
    super(ErrorCode.integrity, message, options);
  }
}

/** The storage or broker could not be reached or failed mid-operation; retrying later may succeed. */
export class OperationalError extends AnnalsError {
  override name = 'OperationalError';
  constructor(message: string, options?: AnnalsErrorOptions) {
    super(ErrorCode.operational, message, options);
  }
}

/** The strategy in use does not offer the capability an operation needs. */
export class NotSupportedError extends AnnalsError {
  override name = 'NotSupportedError';
  constructor(message: string, options?: AnnalsErrorOptions) {
    super(ErrorCode.notSupported, message, options);
  }
}

/** The component was closed and cannot be used any more. */
export class ClosedError extends AnnalsError {
  override name = 'ClosedError';
  constructor(what: string) {
    super(ErrorCode.closed, `${what} is closed`);
  }
}

/** No projection has the name asked for. */
export class ProjectionNotFoundError extends AnnalsError {
  override name = 'ProjectionNotFoundError';
  constructor(
    readonly projection: string,
    options?: AnnalsErrorOptions,
  ) {
    super(ErrorCode.projectionNotFound, `no projection is named "${projection}"`, options);
  }
}

/** A wait ended before what it waited for happened; `waitedMs` says how long it waited. */
export class TimeoutError extends AnnalsError {
  override name = 'TimeoutError';
  constructor(
    message: string,
    readonly waitedMs: number,
    options?: AnnalsErrorOptions,
  ) {
    super(ErrorCode.timeout, message, options);
  }
}

export const isValidationError = hasCode<ValidationError>(ErrorCode.validation);
export const isConfigurationError = hasCode<ConfigurationError>(ErrorCode.configuration);
/** True for optimistic-concurrency conflicts and duplicate tracking records. */
export const isRecordConflictError = hasCode<RecordConflictError>(ErrorCode.conflict);
export const isAggregateNotFoundError = hasCode<AggregateNotFoundError>(ErrorCode.notFound);
export const isTopicNotFoundError = hasCode<TopicNotFoundError>(ErrorCode.topicNotFound);
export const isIntegrityError = hasCode<IntegrityError>(ErrorCode.integrity);
export const isOperationalError = hasCode<OperationalError>(ErrorCode.operational);
export const isNotSupportedError = hasCode<NotSupportedError>(ErrorCode.notSupported);
export const isClosedError = hasCode<ClosedError>(ErrorCode.closed);
export const isProjectionNotFoundError = hasCode<ProjectionNotFoundError>(ErrorCode.projectionNotFound);
export const isTimeoutError = hasCode<TimeoutError>(ErrorCode.timeout);
