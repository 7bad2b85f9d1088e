import { AnnalsError, isAnnalsError } from '@annals/core';
import { HttpErrorCode } from './http-error-code.js';

/** The `If-Match` of a request named another version than the aggregate has now; answered with 412. */
export class PreconditionFailedError extends AnnalsError {
  override name = 'PreconditionFailedError';
  constructor(
    readonly aggregateId: string,
    readonly expectedVersion: number,
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
