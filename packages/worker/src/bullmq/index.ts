/**
 * Annals job workers on BullMQ (Redis): `init` once per process, `getApplication()` in jobs, a graceful
 * stop, and jobs that do not repeat their effects when BullMQ delivers them again.
 *
 * @module @annals/worker/bullmq
 */
export { serveBullmqJobs, type BullmqJobWorker, type ServeBullmqJobsOptions } from './serve-bullmq-jobs.js';
export type { QueueJobWorker, QueueJobWorkerOptions } from '../job-queue/queue-job-worker-options.js';
