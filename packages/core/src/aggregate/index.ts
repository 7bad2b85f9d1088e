export { Aggregate, type AggregateClass } from './aggregate.js';
export { EventHandlers, type EventHandler } from './event-handlers.js';
