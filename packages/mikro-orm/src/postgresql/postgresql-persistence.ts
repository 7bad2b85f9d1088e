import type { SettingSpec, StrategyFactory } from '@annals/core';
import { postgresqlStrategy } from './postgresql-strategy.js';

const postgresUrl: SettingSpec<string> = {
  name: 'postgresUrl',
  parse: (text) => {
    const url = new URL(text);
    if (!/^postgres(ql)?:$/.test(url.protocol)) throw new Error('expected a postgresql:// URL');
    return text;
  },
};
const tablePrefix: SettingSpec<string> = { name: 'tablePrefix', parse: (text) => text };

/**
 * The `postgres` persistence for `Application`'s `strategies` option. Reads `POSTGRES_URL` (default
 * `postgresql://postgres@127.0.0.1:5432/postgres`) and `TABLE_PREFIX`, each optionally prefixed by the
 * application's name.
 */
export const postgresqlPersistence: StrategyFactory = ({ settings }) =>
  postgresqlStrategy({
    url: settings.resolve(postgresUrl, undefined, 'postgresql://postgres@127.0.0.1:5432/postgres'),
    tablePrefix: settings.resolve(tablePrefix, undefined, 'annals_'),
  });
