import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const demo = fileURLToPath(new URL('demo.js', import.meta.url));

test('the demo drives the example server over HTTP, stops it gracefully and removes its files', async (t) => {
  const { stdout } = await run(process.execPath, [demo]);
  const directory = /storing events in SQLite files in (\S+)/.exec(stdout)?.[1] ?? '';
  t.regex(stdout, /listens on http:\/\/127\.0\.0\.1:\d+/);
  t.regex(stdout, /← 201 Alice: €0\.00, version 1, log position 1/);
  t.regex(stdout, /GET \/balances\?position=5\n← 200 generation 1: Alice €100\.00/);
  t.regex(stdout, /← 409 ANNALS_RECORD_CONFLICT/);
  t.regex(stdout, /← 400 ANNALS_VALIDATION: account .* cannot pay 20000/);
  t.regex(stdout, /← 200 completed: Transfer\.Requested → Transfer\.Debited → Transfer\.Completed/);
  t.regex(stdout, /← 200 compensated: account .* is closed/);
  t.regex(stdout, /GET \/notifications\n← 401 ANNALS_UNAUTHENTICATED/);
  t.regex(stdout, /^Bank +BankAccount\.TransferRefused +Carol +account .* is closed$/m);
  t.regex(stdout, /^Bank +BankAccount\.MoneyReturned +Alice$/m);
  t.regex(stdout, /← 200 generation 1 serves, .*; generation 2 is being rebuilt/);
  t.regex(stdout, /← 200 generation 2 serves, at position (\d+) of \1 \(lag 0 events/);
  t.regex(stdout, /^Alice +6 +€(80|75)\.00$/m, 'the clerk whose deposit won gave 10 or 5');
  t.regex(stdout, /^Carol +3 +€0\.00$/m);
  t.regex(stdout, /shut down gracefully on SIGTERM \(exit code 0\)/);
  t.false(existsSync(directory), `${directory} is removed`);
});

test('the demo explains its options and refuses unknown ones in one line', async (t) => {
  const help = await run(process.execPath, [demo, '--help']);
  t.regex(help.stdout, /^Usage: demo\.js \[--serve\] \[--port PORT\] \[--data DIR\]\n$/);
  const refused = await t.throwsAsync(run(process.execPath, [demo, '--nope']));
  t.is((refused as Error & { code?: number }).code, 2);
  t.regex((refused as Error & { stderr?: string }).stderr ?? '', /^demo: Unknown option '--nope'.*\n$/);
});
