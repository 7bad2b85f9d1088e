/**
 * Annals job workers on pg-boss (PostgreSQL): `init` once per process, `getApplication()` in jobs, a
 * graceful stop, and jobs that do not repeat their effects when pg-boss retries them.
 *
 * @module @annals/worker/pg-boss
 */
export { servePgBossJobs, type ServePgBossJobsOptions } from './serve-pg-boss-jobs.js';
export type { QueueJobWorker, QueueJobWorkerOptions } from '../job-queue/queue-job-worker-options.js';
