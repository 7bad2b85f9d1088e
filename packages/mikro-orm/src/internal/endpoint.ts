import type { MikroORM } from '@mikro-orm/core';

/** `host:port/database` for PostgreSQL, the file for SQLite: what operational errors name. */
export function describeEndpoint(orm: MikroORM, dialect: 'postgresql' | 'sqlite'): string {
  const config = orm.config;
  const dbName = config.get('dbName') ?? '';
  if (dialect === 'sqlite') return `SQLite database ${dbName}`;
  const clientUrl = config.get('clientUrl');
  if (clientUrl) {
    const url = new URL(clientUrl);
    return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
  }
  return `PostgreSQL at ${config.get('host') ?? 'localhost'}:${config.get('port') ?? 5432}/${dbName}`;
}
