import test from 'ava';
import { relative } from 'node:path';
import { fixtureModule } from './fixtures/run-cli.js';
import { loadModule } from './load-module.js';

test('a module path relative to the working directory loads without a leading ./', async (t) => {
  const path = relative(process.cwd(), fixtureModule);
  t.false(path.startsWith('.'), `the fixture lies below the working directory: ${path}`);
  const loaded = await loadModule(path);
  t.truthy(loaded.application);
});

test('a name that is neither a file nor an installed package fails naming it', async (t) => {
  await t.throwsAsync(loadModule('no-such-annals-app'), {
    message: /cannot load the application module no-such-annals-app/,
  });
});
