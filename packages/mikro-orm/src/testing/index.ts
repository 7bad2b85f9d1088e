export { createPostgresqlDatabase, type TemporaryDatabase } from './postgresql-database.js';
