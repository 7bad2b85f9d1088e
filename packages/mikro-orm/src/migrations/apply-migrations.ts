import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.js';
import { migrationsFor } from './all-migrations.js';

/**
 * Applies the migrations the database has not seen, each once, recording them in the migrations table. On
 * PostgreSQL an advisory lock held until commit serialises concurrent runners; on SQLite `BEGIN IMMEDIATE`
 * takes the write lock up front.
 * @returns the ids of the migrations applied now
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped raw SQL
export async function applyMigrations(client: Kysely<any>, dialect: Dialect): Promise<string[]> {
  const { migrations: table } = dialect.tables;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped raw SQL
  const run = async (db: Kysely<any>): Promise<string[]> => {
    const lock = dialect.lockMigrations();
    if (lock) await db.executeQuery(CompiledQuery.raw(lock.sql, [...lock.params]));
    await db.executeQuery(
      CompiledQuery.raw(
        `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)`,
      ),
    );
    const applied = await db.executeQuery<{ id: string }>(CompiledQuery.raw(`SELECT id FROM ${table}`));
    const seen = new Set(applied.rows.map((row) => row.id));
    const done: string[] = [];
    for (const migration of migrationsFor(dialect.name, dialect.tables)) {
      if (seen.has(migration.id)) continue;
      for (const statement of migration.statements) await db.executeQuery(CompiledQuery.raw(statement));
      await db.executeQuery(
        CompiledQuery.raw(
          `INSERT INTO ${table} (id) VALUES (${dialect.name === 'postgresql' ? '$1' : '?'})`,
          [migration.id],
        ),
      );
      done.push(migration.id);
    }
    return done;
  };
  if (dialect.name === 'postgresql') return client.transaction().execute(run);
  return client.connection().execute(async (db) => {
    await sql`BEGIN IMMEDIATE`.execute(db);
    try {
      const done = await run(db);
      await sql`COMMIT`.execute(db);
      return done;
    } catch (error) {
      await sql`ROLLBACK`.execute(db);
      throw error;
    }
  });
}
