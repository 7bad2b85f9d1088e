export { WorkerErrorCode } from './codes.js';
export * from './errors.js';
export type { RemoteErrorInfo } from './remote-error-info.js';
