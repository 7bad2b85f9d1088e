export * from './application-process/index.js';
export * from './child-process/index.js';
export * from './cluster/index.js';
export * from './errors/index.js';
export * from './job-worker/index.js';
export * from './threads/index.js';
