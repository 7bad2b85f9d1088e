export type { ApplicationFactory, Closable, HolderState, LazyGetOptions } from './application-factory.js';
export { ApplicationHolder } from './application-holder.js';
export type { Runner } from './runner.js';
export { defineApplication } from './define-application.js';
