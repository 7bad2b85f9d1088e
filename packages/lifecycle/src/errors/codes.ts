/** The stable codes of the errors `@annals/lifecycle` throws. */
export const LifecycleErrorCode = {
  alreadyInitialized: 'ANNALS_APPLICATION_ALREADY_INITIALIZED',
  notInitialized: 'ANNALS_APPLICATION_NOT_INITIALIZED',
  closedDuringInit: 'ANNALS_APPLICATION_CLOSED_DURING_INIT',
} as const;

export type LifecycleErrorCode = (typeof LifecycleErrorCode)[keyof typeof LifecycleErrorCode];
