export { MAX_NESTING, Transcoder } from './transcoder.js';
export type { Transcoding } from './transcoding.js';
