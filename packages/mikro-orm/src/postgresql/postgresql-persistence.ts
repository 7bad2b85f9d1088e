import { integer, oneOf, type SettingSpec, type StrategyFactory } from '@annals/core';
import { postgresqlStrategy } from './postgresql-strategy.js';

const postgresUrl: SettingSpec<string> = {
  name: 'postgresUrl',
  parse: (text) => {
    const url = new URL(text);
    if (!/^postgres(ql)?:$/.test(url.protocol)) throw new Error('expected a postgresql:// URL');
    return text;
  },
  secret: true,
};
const tablePrefix: SettingSpec<string> = { name: 'tablePrefix', parse: (text) => text };
const notifyCommits: SettingSpec<boolean> = {
  name: 'notifyCommits',
  parse: (text) => oneOf(['true', 'false'])(text) === 'true',
};
const leaseCheckInterval: SettingSpec<number> = { name: 'leaseCheckInterval', parse: integer(1) };

/**
 * The `postgres` persistence for `Application`'s `strategies` option. Reads `POSTGRES_URL` (default
 * `postgresql://postgres@127.0.0.1:5432/postgres`), `TABLE_PREFIX`, `NOTIFY_COMMITS` (`true` or `false`,
 * default `true`) and `LEASE_CHECK_INTERVAL` (ms, default 2000), each optionally prefixed by the
 * application's name. TLS is set in the URL as for libpq, e.g.
 * `postgresql://bank:…@db.internal/bank?sslmode=verify-full&sslrootcert=/etc/ssl/db-ca.pem`.
 */
export const postgresqlPersistence: StrategyFactory = ({ settings }) =>
  postgresqlStrategy({
    url: settings.resolve(postgresUrl, undefined, 'postgresql://postgres@127.0.0.1:5432/postgres'),
    tablePrefix: settings.resolve(tablePrefix, undefined, 'annals_'),
    notifyCommits: settings.resolve(notifyCommits, undefined, true),
    leaseCheckInterval: settings.resolve(leaseCheckInterval, undefined, 2000),
  });
