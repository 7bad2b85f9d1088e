import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';

/** A database made for one test file or fixture. */
export interface TemporaryDatabase extends AsyncDisposable {
  /** Its connection URL. */
  readonly url: string;
  readonly name: string;
  /** Drops it, disconnecting whoever is still connected. */
  drop(): Promise<void>;
}

/**
 * Creates an empty PostgreSQL database, so that each test file (or fixture) has storage of its own. The
 * server is the one in `ANNALS_TEST_POSTGRES_URL`, by default `postgresql://postgres@127.0.0.1:5432/postgres`.
 */
export async function createPostgresqlDatabase(prefix = 'annals_test'): Promise<TemporaryDatabase> {
  const serverUrl =
    process.env['ANNALS_TEST_POSTGRES_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
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
