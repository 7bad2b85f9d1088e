import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const demo = fileURLToPath(new URL('demo.js', import.meta.url));

test('the demo drives the example server over HTTP and stops it gracefully', async (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'annals-demo-test-'));
  t.teardown(() => rmSync(directory, { recursive: true, force: true }));
  const { stdout } = await run(process.execPath, [demo, '--db', join(directory, 'bank.sqlite')]);
  t.regex(stdout, /listens on http:\/\/127\.0\.0\.1:\d+, storing events in .*bank\.sqlite/);
  t.regex(stdout, /← 201 .*"owner":"Alice"/);
  t.regex(stdout, /← 409 ANNALS_RECORD_CONFLICT/);
  t.regex(stdout, /← 400 ANNALS_VALIDATION: account .* cannot pay 20000/);
  t.regex(stdout, /GET \/notifications\n← 401 ANNALS_UNAUTHENTICATED/);
  t.regex(stdout, /^1 +Alice +1 +BankAccount\.Opened/m);
  t.regex(stdout, /^Alice +\d+ +€\d+\.00/m);
  t.regex(stdout, /shut down gracefully on SIGTERM \(exit code 0\)/);
});
