export { projectionsSuite } from './projections-suite.js';
