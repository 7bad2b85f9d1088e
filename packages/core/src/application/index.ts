export { Application } from './application.js';
export type { ApplicationOptions, StrategyContext, StrategyFactory } from './application-options.js';
export type { OutboxSource } from './outbox-source.js';
