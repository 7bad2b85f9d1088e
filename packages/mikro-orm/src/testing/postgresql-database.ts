import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';

/** A database made for one test file or fixture. */
export interface TemporaryDatabase extends AsyncDisposable {
  /** Its connection URL. */
  readonly url: string;
  /** The database's name. */
  readonly name: string;
  /** Drops it, disconnecting whoever is still connected. */
  drop(): Promise<void>;
}

/**
 * Creates an empty PostgreSQL database, so that each test file (or fixture) has storage of its own.
 * @param prefix the start of its name, which a random suffix ends
 * @param serverUrl a URL of the server to create it on, whose user may create databases; the new database's
 *   URL is this one with the database's name as its path. @default `ANNALS_TEST_POSTGRES_URL`, else
 *   `postgresql://postgres@127.0.0.1:5432/postgres`
 */
export async function createPostgresqlDatabase(
  prefix = 'annals_test',
  serverUrl: string = process.env['ANNALS_TEST_POSTGRES_URL'] ||
    'postgresql://postgres@127.0.0.1:5432/postgres',
): Promise<TemporaryDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new MikroORM({
    clientUrl: serverUrl,
    discovery: { warnWhenNoEntities: false },
    ensureDatabase: false,
  });
  await admin.em.getConnection().execute(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = async (): Promise<void> => {
    const orm = new MikroORM({
      clientUrl: serverUrl,
      discovery: { warnWhenNoEntities: false },
      ensureDatabase: false,
    });
    try {
      await orm.em.getConnection().execute(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await orm.close();
    }
  };
  return { url: url.toString(), name, drop, [Symbol.asyncDispose]: drop };
}
