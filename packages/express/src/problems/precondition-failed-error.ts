import { AnnalsError, isAnnalsError } from '@annals/core';
import { HttpErrorCode } from './http-error-code.js';

/** The `If-Match` of a request named another version than the aggregate has now; answered with 412. */
export class PreconditionFailedError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'PreconditionFailedError';
  constructor(
    /** The aggregate the request meant to change. */
    readonly aggregateId: string,
    /** The version the request's `If-Match` named. */
    readonly expectedVersion: number,
    /** The aggregate's version now. */
    readonly actualVersion: number,
  ) {
    super(
      HttpErrorCode.preconditionFailed,
      `aggregate ${aggregateId} is at version ${actualVersion}, not ${expectedVersion} as If-Match expects`,
    );
  }
}

/** True for a {@link PreconditionFailedError}, whichever copy of the package created it. */
export function isPreconditionFailedError(error: unknown): error is PreconditionFailedError {
  return isAnnalsError(error) && error.code === HttpErrorCode.preconditionFailed;
}
