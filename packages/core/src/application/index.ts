export { Application, type RecordOptions } from './application.js';
export type { ApplicationOptions, StrategyContext, StrategyFactory } from './application-options.js';
export type { MessageInit } from './message-init.js';
