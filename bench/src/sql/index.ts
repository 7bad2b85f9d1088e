export { sqlSuite } from './sql-suite.js';
