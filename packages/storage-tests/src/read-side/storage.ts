import type { MikroOrmStrategy } from '@annals/mikro-orm';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { sqliteStrategy } from '@annals/mikro-orm/sqlite';

/** Where the processes of a scenario store everything: it travels to child processes as JSON. */
export type Storage =
  { readonly kind: 'postgresql'; readonly url: string } | { readonly kind: 'sqlite'; readonly path: string };

/**
 * A strategy on the storage, with its own connections; `tablePrefix` keeps applications apart (on SQLite,
 * each application has a file of its own).
 */
export function openStrategy(storage: Storage, tablePrefix = 'annals_'): MikroOrmStrategy {
  return storage.kind === 'postgresql'
    ? postgresqlStrategy({ url: storage.url, tablePrefix, poolSize: 4, relayPoolSize: 1 })
    : sqliteStrategy({ path: `${storage.path}.${tablePrefix}db`, tablePrefix, busyTimeout: 30_000 });
}
