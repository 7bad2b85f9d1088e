export { InMemoryStrategy } from './in-memory-strategy.js';
