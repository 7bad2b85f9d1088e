import { DatabaseSync } from 'node:sqlite';
import { SqliteDialect, type SqliteDatabase } from 'kysely';

const readsRows = (sql: string): boolean =>
  /^\s*(select|pragma|explain|with)/i.test(sql) || /\breturning\b/i.test(sql);

/**
 * Kysely's SQLite dialect over `node:sqlite` whose connection waits for other processes' locks: the busy
 * timeout is set as the file opens, before the first statement (even the one that switches to WAL), so a
 * second process starting beside a writer waits instead of failing with "database is locked".
 */
export function waitingSqliteDialect(path: string, busyTimeout: number): SqliteDialect {
  return new SqliteDialect({
    database: async (): Promise<SqliteDatabase> => {
      const db = new DatabaseSync(path, { timeout: busyTimeout });
      // WAL lets readers in other processes (a worker, a CLI) run beside the writer.
      db.exec('PRAGMA journal_mode = WAL');
      return {
        prepare: (sql) => {
          const statement = db.prepare(sql);
          return {
            reader: readsRows(sql),
            all: (parameters) => statement.all(...(parameters as never[])),
            run: (parameters) => statement.run(...(parameters as never[])),
            iterate: (parameters) => statement.iterate(...(parameters as never[])),
          };
        },
        close: () => db.close(),
      };
    },
  });
}
