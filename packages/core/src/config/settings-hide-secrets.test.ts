import test from 'ava';
import { randomBytes } from 'node:crypto';
import { leaksIn, printable } from '@annals/test-support';
import { Application } from '../application/index.js';
import { isConfigurationError } from '../errors/index.js';
import { Cipher } from '../mapping/index.js';
import { Settings, type SettingSpec } from './settings.js';

const password = `pw-${randomBytes(12).toString('base64url')}`;

const serverUrl: SettingSpec<string> = {
  name: 'serverUrl',
  parse: (text) => {
    if (new URL(text).protocol !== 'https:') throw new Error('expected an https:// URL');
    return text;
  },
  secret: true,
};

test('a secret setting that fails to parse is named by its variable, without its value or a cause', (t) => {
  for (const text of [`http://user:${password}@example.com`, `https://user:${password}@[bad`]) {
    const error = t.throws(() =>
      new Settings('bank', { BANK_SERVER_URL: text }).resolve(serverUrl, undefined, ''),
    );
    t.true(isConfigurationError(error));
    t.regex(error?.message ?? '', /^setting "serverUrl" from BANK_SERVER_URL is invalid: /);
    t.is(error?.cause, undefined);
    t.deepEqual(leaksIn(printable(error), { password }), []);
  }
});

test('the cipher key shows neither in configuration errors nor in the application', (t) => {
  const short = randomBytes(16).toString('base64');
  const error = t.throws(() => new Application({ name: 'bank', env: { BANK_CIPHER_KEY: short } }));
  t.regex(error?.message ?? '', /cipherKey must be 32 bytes/);
  t.deepEqual(leaksIn(printable(error), { 'short cipher key': short }), []);
  const key = Cipher.generateKey();
  const app = new Application({ name: 'bank', env: { BANK_CIPHER_KEY: key } });
  t.teardown(() => app.close());
  t.deepEqual(leaksIn(printable(app), { 'cipher key': key }), []);
});
