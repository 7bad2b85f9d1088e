export { cassandraPersistence } from './cassandra-persistence.js';
