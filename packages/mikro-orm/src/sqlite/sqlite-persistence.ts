import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { integer, type SettingSpec, type StrategyFactory } from '@annals/core';
import { sqliteStrategy } from './sqlite-strategy.js';

const sqlitePath: SettingSpec<string> = { name: 'sqlitePath', parse: (text) => text };
const tablePrefix: SettingSpec<string> = { name: 'tablePrefix', parse: (text) => text };
const leaseTtl: SettingSpec<number> = { name: 'leaseTtl', parse: integer(1) };

/**
 * The `sqlite` persistence for `Application`'s `strategies` option. Reads `SQLITE_PATH` (default: a file
 * named after the application in the system's temporary directory), `TABLE_PREFIX` and `LEASE_TTL` (ms,
 * default 5000), each optionally prefixed by the application's name.
 */
export const sqlitePersistence: StrategyFactory = ({ name, settings }) =>
  sqliteStrategy({
    path: settings.resolve(sqlitePath, undefined, join(tmpdir(), `${name}.annals.sqlite`)),
    tablePrefix: settings.resolve(tablePrefix, undefined, 'annals_'),
    leaseTtl: settings.resolve(leaseTtl, undefined, 5000),
  });
