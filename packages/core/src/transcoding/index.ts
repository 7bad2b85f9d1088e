export { Transcoder } from './transcoder.js';
export type { Transcoding } from './transcoding.js';
