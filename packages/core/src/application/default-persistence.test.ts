import test from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { defaultPersistence } from './default-persistence.js';

test('a test run defaults to memory, any other process to sqlite', (t) => {
  t.is(defaultPersistence({ NODE_ENV: 'test' }), 'memory');
  t.is(defaultPersistence({ NODE_TEST_CONTEXT: 'child-v8' }), 'memory');
  t.is(defaultPersistence({ NODE_ENV: 'production' }), 'sqlite');
  t.is(defaultPersistence({}), 'sqlite');
  t.is(defaultPersistence(), 'memory', 'AVA runs this file with NODE_ENV=test');
});

test('outside tests, an application with nothing configured and no sqlite factory fails naming the setting', async (t) => {
  const core = new URL('../index.js', import.meta.url).href;
  const script = `
    const { Application } = await import(${JSON.stringify(core)});
    try { new Application({ name: 'bank' }); } catch (error) { console.log(error.code, error.message); }`;
  const env = { ...process.env };
  delete env['NODE_ENV'];
  delete env['NODE_TEST_CONTEXT'];
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env,
  });
  t.regex(
    stdout,
    /^ANNALS_CONFIGURATION setting "persistence" is not set \(BANK_PERSISTENCE, ANNALS_PERSISTENCE\)/,
  );
  t.regex(stdout, /sqlitePersistence/);
});
