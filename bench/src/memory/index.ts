export { memorySuite } from './memory-suite.js';
