export {
  startThrowawayPostgresql,
  type PostgresqlRestartOptions,
  type ThrowawayPostgresql,
  type ThrowawayPostgresqlOptions,
} from './throwaway-postgresql.js';
