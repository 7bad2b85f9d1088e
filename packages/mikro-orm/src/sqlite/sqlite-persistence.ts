import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { integer, type SettingSpec, type StrategyFactory } from '@annals/core';
import { sqliteStrategy } from './sqlite-strategy.js';

const sqlitePath: SettingSpec<string> = { name: 'sqlitePath', parse: (text) => text };
const tablePrefix: SettingSpec<string> = { name: 'tablePrefix', parse: (text) => text };
const leaseTtl: SettingSpec<number> = { name: 'leaseTtl', parse: integer(1) };

/**
 * The `sqlite` persistence for `Application`'s `strategies` option, the embedded default outside tests.
 * Reads `SQLITE_PATH` (default: `data/<name>.sqlite` in the working directory, never the temporary folder;
 * `data/` is made if missing), `TABLE_PREFIX` and `LEASE_TTL` (ms, default 5000), each optionally prefixed
 * by the application's name. It logs the file's path at `info`.
 */
export const sqlitePersistence: StrategyFactory = ({ name, settings, logger }) => {
  const configured = settings.resolve(sqlitePath, undefined, undefined);
  const path = configured === ':memory:' ? configured : resolve(configured ?? `data/${name}.sqlite`);
  if (configured === undefined) mkdirSync(dirname(path), { recursive: true });
  logger.info({ path }, 'events are stored in SQLite');
  return sqliteStrategy({
    path,
    tablePrefix: settings.resolve(tablePrefix, undefined, 'annals_'),
    leaseTtl: settings.resolve(leaseTtl, undefined, 5000),
  });
};
