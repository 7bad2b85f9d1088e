export { AnnalsError, isAnnalsError, type AnnalsErrorOptions } from './annals-error.js';
export { ErrorCode } from './codes.js';
export * from './errors.js';
