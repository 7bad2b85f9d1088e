export { createThreadPool, type ThreadPool, type ThreadPoolOptions } from './create-thread-pool.js';
export { runInThread } from './run-in-thread.js';
