/** The stable codes of the errors `@annals/lifecycle` throws. */
export const LifecycleErrorCode = {
  /** See {@link ApplicationAlreadyInitializedError}. */
  alreadyInitialized: 'ANNALS_APPLICATION_ALREADY_INITIALIZED',
  /** See {@link ApplicationNotInitializedError}. */
  notInitialized: 'ANNALS_APPLICATION_NOT_INITIALIZED',
  /** See {@link ApplicationClosedDuringInitError}. */
  closedDuringInit: 'ANNALS_APPLICATION_CLOSED_DURING_INIT',
} as const;

/** One of the stable codes of the lifecycle's errors. */
export type LifecycleErrorCode = (typeof LifecycleErrorCode)[keyof typeof LifecycleErrorCode];
