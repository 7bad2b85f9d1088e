import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// The script runs in a working directory of its own, where bare specifiers would not resolve.
const sqlite = new URL('./index.js', import.meta.url).href;
const core = import.meta.resolve('@annals/core');

test('outside tests, an application with no persistence configured stores in data/ of the working directory and logs where', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'annals-working-directory-'));
  t.teardown(() => rmSync(cwd, { recursive: true, force: true }));
  const script = `
    const { Application, consoleLogger } = await import(${JSON.stringify(core)});
    const { sqlitePersistence } = await import(${JSON.stringify(sqlite)});
    const app = new Application({ name: 'ledger', strategies: { sqlite: sqlitePersistence }, logger: consoleLogger() });
    console.log('position', await app.notificationLog.maxPosition());
    await app.close();`;
  const env = { ...process.env };
  delete env['NODE_ENV'];
  delete env['NODE_TEST_CONTEXT'];
  const tempBefore = new Set(readdirSync(tmpdir()));
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...env, ANNALS_PERSISTENCE: '', ANNALS_SQLITE_PATH: '' },
    cwd,
  });
  const file = join(cwd, 'data', 'ledger.sqlite');
  t.regex(stdout, new RegExp(`INFO  events are stored in SQLite  application=ledger path=${file}\n`));
  t.regex(stdout, /position 0/);
  t.true(existsSync(file));
  const newInTemp = readdirSync(tmpdir()).filter((entry) => !tempBefore.has(entry));
  t.false(
    newInTemp.some((entry) => entry.includes('ledger')),
    `nothing in the temporary folder: ${newInTemp.join(', ')}`,
  );
});
