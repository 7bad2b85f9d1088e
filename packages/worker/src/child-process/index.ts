export {
  forkJobWorker,
  type ForkJobWorkerOptions,
  type JobWorkerExit,
  type JobWorkerProcess,
} from './fork-job-worker.js';
export { serveJobsFromParent, type ServeJobsFromParentOptions } from './serve-jobs-from-parent.js';
