import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { SettingSpec, StrategyFactory } from '@annals/core';
import { sqliteStrategy } from './sqlite-strategy.js';

const sqlitePath: SettingSpec<string> = { name: 'sqlitePath', parse: (text) => text };
const tablePrefix: SettingSpec<string> = { name: 'tablePrefix', parse: (text) => text };

/**
 * The `sqlite` persistence for `Application`'s `strategies` option. Reads `SQLITE_PATH` (default: a file
 * named after the application in the system's temporary directory) and `TABLE_PREFIX`, each optionally
 * prefixed by the application's name.
 */
export const sqlitePersistence: StrategyFactory = ({ name, settings }) =>
  sqliteStrategy({
    path: settings.resolve(sqlitePath, undefined, join(tmpdir(), `${name}.annals.sqlite`)),
    tablePrefix: settings.resolve(tablePrefix, undefined, 'annals_'),
  });
