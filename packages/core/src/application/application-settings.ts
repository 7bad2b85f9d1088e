import { assertInteger, integer, oneOf, type SettingSpec } from '../config/index.js';
import { compressionNames, type Compression } from '../mapping/index.js';
import type { SnapshotIntervals } from '../policies/index.js';

/** The `persistence` setting: the name of one of the strategy factories the application has. */
export function persistenceSetting(factories: readonly string[]): SettingSpec<string> {
  const parse = (text: string): string => {
    if (factories.includes(text)) return text;
    throw new Error(
      `"${text}" is none of ${factories.join(', ')}; pass a strategy factory for it in the "strategies" option`,
    );
  };
  return { name: 'persistence', parse, check: parse };
}

export const compressionSetting: SettingSpec<Compression> = {
  name: 'compression',
  parse: oneOf(compressionNames),
  check: (value) => oneOf(compressionNames)(value),
};

export const cipherKeySetting: SettingSpec<string | Uint8Array> = {
  name: 'cipherKey',
  parse: (text) => text,
  secret: true,
};

export const snapshotIntervalSetting: SettingSpec<SnapshotIntervals> = {
  name: 'snapshotInterval',
  parse: integer(0),
  check: (value) => {
    if (typeof value === 'number') assertInteger(value, 0);
    else for (const interval of Object.values(value)) assertInteger(interval, 0);
  },
};
