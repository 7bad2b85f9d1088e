import { AnnalsError, hasCode, type AnnalsErrorOptions } from './annals-error.js';
import { ErrorCode } from './codes.js';

/** Input was rejected before anything reached storage. */
export class ValidationError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'ValidationError';
  constructor(message: string, options?: AnnalsErrorOptions) {
    super(ErrorCode.validation, message, options);
  }
}

/** A setting is missing or malformed; `setting` names it. */
export class ConfigurationError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'ConfigurationError';
  constructor(
    /** The setting that is missing or malformed, e.g. `BANK_POSTGRES_URL`. */
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
  /** The class name, shown by stack traces and logs. */
  override name = 'RecordConflictError';
  constructor(message: string, options?: AnnalsErrorOptions) {
    super(ErrorCode.conflict, message, options);
  }
}

/** No events (and no snapshot) exist for the requested aggregate. */
export class AggregateNotFoundError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'AggregateNotFoundError';
  constructor(
    /** The id of the aggregate asked for. */
    readonly aggregateId: string,
    options?: AnnalsErrorOptions,
  ) {
    super(ErrorCode.notFound, `aggregate ${aggregateId} not found`, options);
  }
}

/** A stored topic has no registered class. */
export class TopicNotFoundError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'TopicNotFoundError';
  constructor(
    /** The topic no class is registered for. */
    readonly topic: string,
    options?: AnnalsErrorOptions,
  ) {
    super(ErrorCode.topicNotFound, `no class is registered for topic "${topic}"`, options);
  }
}

/** A stored record failed its integrity check: tampered bytes or the wrong cipher key. */
export class IntegrityError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'IntegrityError';
  constructor(message: string, options?: AnnalsErrorOptions) {
    super(ErrorCode.integrity, message, options);
  }
}

/** The storage or broker could not be reached or failed mid-operation; retrying later may succeed. */
export class OperationalError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'OperationalError';
  constructor(message: string, options?: AnnalsErrorOptions) {
    super(ErrorCode.operational, message, options);
  }
}

/** The strategy in use does not offer the capability an operation needs. */
export class NotSupportedError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'NotSupportedError';
  constructor(message: string, options?: AnnalsErrorOptions) {
    super(ErrorCode.notSupported, message, options);
  }
}

/** The component was closed and cannot be used any more. */
export class ClosedError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'ClosedError';
  constructor(what: string) {
    super(ErrorCode.closed, `${what} is closed`);
  }
}

/** No projection has the name asked for. */
export class ProjectionNotFoundError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'ProjectionNotFoundError';
  constructor(
    /** The projection name asked for. */
    readonly projection: string,
    options?: AnnalsErrorOptions,
  ) {
    super(ErrorCode.projectionNotFound, `no projection is named "${projection}"`, options);
  }
}

/** A wait ended before what it waited for happened; `waitedMs` says how long it waited. */
export class TimeoutError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'TimeoutError';
  constructor(
    message: string,
    /** How long the wait lasted, in milliseconds. */
    readonly waitedMs: number,
    options?: AnnalsErrorOptions,
  ) {
    super(ErrorCode.timeout, message, options);
  }
}

/** True for a {@link ValidationError}, whichever copy of the package threw it. */
export const isValidationError = hasCode<ValidationError>(ErrorCode.validation);
/** True for a {@link ConfigurationError}, whichever copy of the package threw it. */
export const isConfigurationError = hasCode<ConfigurationError>(ErrorCode.configuration);
/** True for optimistic-concurrency conflicts and duplicate tracking records. */
export const isRecordConflictError = hasCode<RecordConflictError>(ErrorCode.conflict);
/** True for an {@link AggregateNotFoundError}, whichever copy of the package threw it. */
export const isAggregateNotFoundError = hasCode<AggregateNotFoundError>(ErrorCode.notFound);
/** True for a {@link TopicNotFoundError}, whichever copy of the package threw it. */
export const isTopicNotFoundError = hasCode<TopicNotFoundError>(ErrorCode.topicNotFound);
/** True for an {@link IntegrityError}, whichever copy of the package threw it. */
export const isIntegrityError = hasCode<IntegrityError>(ErrorCode.integrity);
/** True for an {@link OperationalError}, whichever copy of the package threw it. */
export const isOperationalError = hasCode<OperationalError>(ErrorCode.operational);
/** True for a {@link NotSupportedError}, whichever copy of the package threw it. */
export const isNotSupportedError = hasCode<NotSupportedError>(ErrorCode.notSupported);
/** True for a {@link ClosedError}, whichever copy of the package threw it. */
export const isClosedError = hasCode<ClosedError>(ErrorCode.closed);
/** True for a {@link ProjectionNotFoundError}, whichever copy of the package threw it. */
export const isProjectionNotFoundError = hasCode<ProjectionNotFoundError>(ErrorCode.projectionNotFound);
/** True for a {@link TimeoutError}, whichever copy of the package threw it. */
export const isTimeoutError = hasCode<TimeoutError>(ErrorCode.timeout);
