export { cassandraSuite } from './cassandra-suite.js';
