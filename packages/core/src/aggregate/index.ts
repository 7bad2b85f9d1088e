export { Aggregate, type AggregateClass } from './aggregate.js';
