export { defineJobWorker } from './define-job-worker.js';
export type { JobWorkerOptions } from './job-worker-options.js';
export type { JobWorker, JobWorkerState, RunJobOptions } from './job-worker.js';
