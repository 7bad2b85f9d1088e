import { DatabaseSync } from 'node:sqlite';
import {
  SqliteDialect,
  SqliteDriver,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDatabase,
  type SqliteDialectConfig,
} from 'kysely';
import { waitOutLocks } from './lock-waits.js';

const readsRows = (sql: string): boolean =>
  /^\s*(select|pragma|explain|with)/i.test(sql) || /\breturning\b/i.test(sql);

/**
 * Kysely's SQLite dialect over `node:sqlite` whose statements wait for locks held by other connections, of
 * this process or another, for up to `busyTimeout` ms without blocking the event loop (see `waitOutLocks`).
 * The file switches to WAL as it opens, so readers in other processes (a worker, a CLI) run beside the
 * writer.
 */
export class WaitingSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #busyTimeout: number;

  constructor(path: string, busyTimeout: number) {
    const config = { database: () => open(path, busyTimeout) };
    super(config);
    this.#config = config;
    this.#busyTimeout = busyTimeout;
  }

  override createDriver(): Driver {
    return new WaitingDriver(this.#config, this.#busyTimeout);
  }
}

async function open(path: string, busyTimeout: number): Promise<SqliteDatabase> {
  const db = new DatabaseSync(path);
  try {
    await waitOutLocks(async () => db.exec('PRAGMA journal_mode = WAL'), busyTimeout);
  } catch (error) {
    db.close();
    throw error;
  }
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
}

/**
 * Kysely's SQLite driver with its one connection's queries waiting out locks; it runs transaction and
 * savepoint statements through the connection it hands out, so they wait too.
 */
class WaitingDriver extends SqliteDriver {
  readonly #busyTimeout: number;
  #connection: WaitingConnection | undefined;

  constructor(config: SqliteDialectConfig, busyTimeout: number) {
    super(config);
    this.#busyTimeout = busyTimeout;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    if (this.#connection?.inner !== connection) {
      this.#connection = new WaitingConnection(connection, this.#busyTimeout);
    }
    return this.#connection;
  }
}

class WaitingConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection;
  readonly #busyTimeout: number;

  constructor(inner: DatabaseConnection, busyTimeout: number) {
    this.inner = inner;
    this.#busyTimeout = busyTimeout;
  }

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return waitOutLocks(() => this.inner.executeQuery<R>(query), this.#busyTimeout);
  }

  streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}
