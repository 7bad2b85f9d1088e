/** The stable codes of the errors `@annals/worker` throws. */
export const WorkerErrorCode = {
  stopped: 'ANNALS_JOB_WORKER_STOPPED',
  jobFailed: 'ANNALS_JOB_FAILED',
  exited: 'ANNALS_JOB_WORKER_EXITED',
  startFailed: 'ANNALS_JOB_WORKER_START_FAILED',
} as const;

export type WorkerErrorCode = (typeof WorkerErrorCode)[keyof typeof WorkerErrorCode];
