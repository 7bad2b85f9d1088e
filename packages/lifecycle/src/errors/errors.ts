import { AnnalsError, isAnnalsError } from '@annals/core';
import { LifecycleErrorCode } from './codes.js';

/** `init` was called while the holder already has an application, or is constructing one. */
export class ApplicationAlreadyInitializedError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'ApplicationAlreadyInitializedError';
  constructor() {
    super(
      LifecycleErrorCode.alreadyInitialized,
      'an application is already initialised in this process (or being initialised): call getApplication() ' +
        'to use it, or closeApplication() before initialising another',
    );
  }
}

/** What the holder was doing when `get` found no application to return. */
export type NotInitializedReason = 'empty' | 'initializing' | 'closing';

const advice: Record<NotInitializedReason, string> = {
  empty: 'call initApplication() first, or getApplication({ lazy: true, factory })',
  initializing:
    'it is still being constructed: await initApplication(), or use getApplication({ lazy: true })',
  closing: 'it is being closed',
};

/** `get` was called when there is no application ready to use; `reason` says why. */
export class ApplicationNotInitializedError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'ApplicationNotInitializedError';
  /** @param reason - why there is none: never initialised, still being constructed, or being closed */
  constructor(readonly reason: NotInitializedReason) {
    super(
      LifecycleErrorCode.notInitialized,
      `no application is initialised in this process: ${advice[reason]}`,
    );
  }
}

/**
 * `close` was called while the application was still being constructed. Callers waiting for that construction
 * get this error rather than an application that is already closed; the application, once built, is closed.
 */
export class ApplicationClosedDuringInitError extends AnnalsError {
  /** The class name, shown by stack traces and logs. */
  override name = 'ApplicationClosedDuringInitError';
  constructor() {
    super(
      LifecycleErrorCode.closedDuringInit,
      'the application was closed while it was being constructed, so it was closed as soon as it was built',
    );
  }
}

/** True for an {@link ApplicationAlreadyInitializedError}, whichever copy of the package threw it. */
export function isApplicationAlreadyInitializedError(
  error: unknown,
): error is ApplicationAlreadyInitializedError {
  return isAnnalsError(error) && error.code === LifecycleErrorCode.alreadyInitialized;
}

/** True for an {@link ApplicationNotInitializedError}, whichever copy of the package threw it. */
export function isApplicationNotInitializedError(error: unknown): error is ApplicationNotInitializedError {
  return isAnnalsError(error) && error.code === LifecycleErrorCode.notInitialized;
}

/** True for an {@link ApplicationClosedDuringInitError}, whichever copy of the package threw it. */
export function isApplicationClosedDuringInitError(
  error: unknown,
): error is ApplicationClosedDuringInitError {
  return isAnnalsError(error) && error.code === LifecycleErrorCode.closedDuringInit;
}
