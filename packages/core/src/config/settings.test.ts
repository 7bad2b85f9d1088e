import test from 'ava';
import { ConfigurationError, isConfigurationError } from '../errors/index.js';
import { environmentName, integer, oneOf, Settings, type SettingSpec } from './settings.js';

const compression: SettingSpec<string> = {
  name: 'compression',
  parse: oneOf(['none', 'zlib', 'zstd']),
  check: (value) => oneOf(['none', 'zlib', 'zstd'])(value),
};
const interval: SettingSpec<number> = { name: 'snapshotInterval', parse: integer(0) };

test('an option beats the prefixed env, which beats ANNALS_, which beats the default', (t) => {
  const env = { BANK_COMPRESSION: 'zlib', ANNALS_COMPRESSION: 'zstd' };
  const settings = new Settings('bank', env);
  t.is(settings.resolve(compression, 'none', 'default'), 'none');
  t.is(settings.resolve(compression, undefined, 'default'), 'zlib');
  t.is(
    new Settings('bank', { ANNALS_COMPRESSION: 'zstd' }).resolve(compression, undefined, 'default'),
    'zstd',
  );
  t.is(new Settings('bank', {}).resolve(compression, undefined, 'default'), 'default');
  t.is(new Settings('bank', {}).resolve(compression, undefined, undefined), undefined);
});

test("another application's prefix is ignored", (t) => {
  const settings = new Settings('bank', { SHOP_COMPRESSION: 'zlib' });
  t.is(settings.resolve(compression, undefined, 'none'), 'none');
});

test('empty environment values are skipped', (t) => {
  const settings = new Settings('bank', { BANK_COMPRESSION: '', ANNALS_COMPRESSION: 'zlib' });
  t.is(settings.resolve(compression, undefined, 'none'), 'zlib');
  t.is(new Settings('bank', { BANK_COMPRESSION: '' }).resolve(compression, undefined, 'none'), 'none');
});

test('environment variable names are derived from the application and setting names', (t) => {
  t.deepEqual(new Settings('bank-accounts', {}).environmentNames('snapshotInterval'), [
    'BANK_ACCOUNTS_SNAPSHOT_INTERVAL',
    'ANNALS_SNAPSHOT_INTERVAL',
  ]);
  t.deepEqual(new Settings('BankAccounts', {}).environmentNames('cipherKey'), [
    'BANK_ACCOUNTS_CIPHER_KEY',
    'ANNALS_CIPHER_KEY',
  ]);
  t.is(
    new Settings('bank-accounts', { BANK_ACCOUNTS_SNAPSHOT_INTERVAL: '25' }).resolve(interval, undefined, 0),
    25,
  );
});

test('environmentName converts camelCase, kebab-case, spaces and dots to SCREAMING_SNAKE_CASE', (t) => {
  const cases: [string, string][] = [
    ['bank', 'BANK'],
    ['bank-accounts', 'BANK_ACCOUNTS'],
    ['snapshotInterval', 'SNAPSHOT_INTERVAL'],
    ['cipherKey', 'CIPHER_KEY'],
    ['BankAccounts', 'BANK_ACCOUNTS'],
    ['my app', 'MY_APP'],
    ['orders.v2', 'ORDERS_V2'],
    ['app2Go', 'APP2_GO'],
    ['--edge--', 'EDGE'],
    ['a__b', 'A_B'],
    ['ALREADY_UPPER', 'ALREADY_UPPER'],
  ];
  for (const [input, expected] of cases) t.is(environmentName(input), expected, input);
});

test('a bad environment value fails with a ConfigurationError naming the setting and the variable', (t) => {
  for (const variable of ['BANK_COMPRESSION', 'ANNALS_COMPRESSION']) {
    const settings = new Settings('bank', { [variable]: 'gzip' });
    const error = t.throws(() => settings.resolve(compression, undefined, 'none'), {
      instanceOf: ConfigurationError,
    });
    t.true(isConfigurationError(error));
    t.is(error.setting, 'compression');
    t.regex(error.message, /"compression"/);
    t.true(error.message.includes(variable), error.message);
    t.regex(error.message, /gzip/);
    t.regex(error.message, /expected one of none, zlib, zstd/);
    t.true(error.cause instanceof Error);
  }
});

test('a bad prefixed value fails even when ANNALS_ holds a good one', (t) => {
  const settings = new Settings('bank', { BANK_COMPRESSION: 'gzip', ANNALS_COMPRESSION: 'zlib' });
  t.throws(() => settings.resolve(compression, undefined, 'none'), {
    instanceOf: ConfigurationError,
    message: /BANK_COMPRESSION/,
  });
});

test('a bad integer from the environment names the setting and the variable', (t) => {
  for (const text of ['-1', 'ten', '1.5']) {
    const settings = new Settings('bank', { ANNALS_SNAPSHOT_INTERVAL: text });
    const error = t.throws(
      () => settings.resolve(interval, undefined, 0),
      { instanceOf: ConfigurationError },
      text,
    );
    t.is(error.setting, 'snapshotInterval');
    t.regex(error.message, /ANNALS_SNAPSHOT_INTERVAL/);
  }
  t.is(new Settings('bank', { ANNALS_SNAPSHOT_INTERVAL: '0' }).resolve(interval, undefined, 5), 0);
});

test('an option is checked too, and a bad one names the setting and says it was an option', (t) => {
  const settings = new Settings('bank', {});
  const error = t.throws(() => settings.resolve(compression, 'gzip', 'none'), {
    instanceOf: ConfigurationError,
  });
  t.is(error.setting, 'compression');
  t.regex(error.message, /option "compression"/);
});

test('a value from the environment passes the check as well as the parser', (t) => {
  const even: SettingSpec<number> = {
    name: 'batchSize',
    parse: integer(1),
    check: (value) => {
      if (value % 2 !== 0) throw new Error('expected an even number');
    },
  };
  const error = t.throws(() => new Settings('bank', { BANK_BATCH_SIZE: '3' }).resolve(even, undefined, 2), {
    instanceOf: ConfigurationError,
  });
  t.is(error.setting, 'batchSize');
  t.regex(error.message, /BANK_BATCH_SIZE/);
  t.regex(error.message, /even/);
  t.is(new Settings('bank', { BANK_BATCH_SIZE: '4' }).resolve(even, undefined, 2), 4);
});
