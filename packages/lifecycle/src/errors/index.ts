export { LifecycleErrorCode } from './codes.js';
export * from './errors.js';
