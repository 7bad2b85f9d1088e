export {
  startThrowawayCassandra,
  type ThrowawayCassandra,
  type ThrowawayCassandraOptions,
} from './throwaway-cassandra.js';
