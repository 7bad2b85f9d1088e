import { AnnalsError, isAnnalsError, type AnnalsErrorOptions } from '@annals/core';
import { WorkerErrorCode } from './codes.js';
import type { RemoteErrorInfo } from './remote-error-info.js';

/** The job worker is stopping or stopped and takes no more jobs. */
export class JobWorkerStoppedError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'JobWorkerStoppedError';
  constructor(options?: AnnalsErrorOptions) {
    super(WorkerErrorCode.stopped, 'the job worker is stopping and takes no more jobs', options);
  }
}

/**
 * A job failed in another process or thread. `remote` describes what it threw; `cause` is a revived copy on
 * which the shape guards of Annals errors work, e.g. `isValidationError(error.cause)`.
 */
export class JobFailedError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'JobFailedError';
  constructor(
    /** What the other side threw. */
    readonly remote: RemoteErrorInfo,
    options?: AnnalsErrorOptions,
  ) {
    super(WorkerErrorCode.jobFailed, `the job failed: ${remote.name}: ${remote.message}`, options);
  }
}

/** A job worker's process or thread ended while jobs were still waiting for it, or before it was ready. */
export class JobWorkerExitedError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'JobWorkerExitedError';
  constructor(
    /** The exit code, or `null` when a signal ended it. */
    readonly exitCode: number | null,
    /** The signal that ended it, or `null`. */
    readonly signal: string | null = null,
  ) {
    super(
      WorkerErrorCode.exited,
      `the job worker exited (${signal ? `signal ${signal}` : `code ${exitCode}`}) before answering`,
    );
  }
}

/** A job worker's `init` hook failed in its process or thread; `remote` describes what it threw. */
export class JobWorkerStartError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'JobWorkerStartError';
  constructor(
    /** What the other side threw. */
    readonly remote: RemoteErrorInfo,
    options?: AnnalsErrorOptions,
  ) {
    super(
      WorkerErrorCode.startFailed,
      `the job worker failed to start: ${remote.name}: ${remote.message}`,
      options,
    );
  }
}

/** True for a {@link JobWorkerStoppedError}, whichever copy of the package threw it. */
export function isJobWorkerStoppedError(error: unknown): error is JobWorkerStoppedError {
  return isAnnalsError(error) && error.code === WorkerErrorCode.stopped;
}

/** True for a {@link JobFailedError}, whichever copy of the package threw it. */
export function isJobFailedError(error: unknown): error is JobFailedError {
  return isAnnalsError(error) && error.code === WorkerErrorCode.jobFailed;
}

/** True for a {@link JobWorkerExitedError}, whichever copy of the package threw it. */
export function isJobWorkerExitedError(error: unknown): error is JobWorkerExitedError {
  return isAnnalsError(error) && error.code === WorkerErrorCode.exited;
}

/** True for a {@link JobWorkerStartError}, whichever copy of the package threw it. */
export function isJobWorkerStartError(error: unknown): error is JobWorkerStartError {
  return isAnnalsError(error) && error.code === WorkerErrorCode.startFailed;
}
