export {
  startThrowawayPostgresql,
  type ThrowawayPostgresql,
  type ThrowawayPostgresqlOptions,
} from './throwaway-postgresql.js';
