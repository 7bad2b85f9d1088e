import { consoleLogger } from '@annals/core';
import { postgresqlPersistence } from '@annals/mikro-orm/postgresql';
import { sqlitePersistence } from '@annals/mikro-orm/sqlite';
import { Todos } from './todos.js';

/**
 * The application, on the storage its settings choose: an SQLite file, `data/todos.sqlite` unless
 * `ANNALS_SQLITE_PATH` names another, or the PostgreSQL database of `ANNALS_POSTGRES_URL` when
 * `ANNALS_PERSISTENCE=postgres`. In tests the default is memory instead. The tables are created on first use.
 */
export function openTodos(): Todos {
  return new Todos({
    name: 'todos',
    strategies: { sqlite: sqlitePersistence, postgres: postgresqlPersistence },
    logger: consoleLogger(),
  });
}
