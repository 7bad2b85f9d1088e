/** The stable codes of the errors `@annals/worker` throws. */
export const WorkerErrorCode = {
  /** See {@link JobWorkerStoppedError}. */
  stopped: 'ANNALS_JOB_WORKER_STOPPED',
  /** See {@link JobFailedError}. */
  jobFailed: 'ANNALS_JOB_FAILED',
  /** See {@link JobWorkerExitedError}. */
  exited: 'ANNALS_JOB_WORKER_EXITED',
  /** See {@link JobWorkerStartError}. */
  startFailed: 'ANNALS_JOB_WORKER_START_FAILED',
} as const;

/** One of the stable codes of the worker's errors. */
export type WorkerErrorCode = (typeof WorkerErrorCode)[keyof typeof WorkerErrorCode];
