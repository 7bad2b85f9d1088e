import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RebuildOutcome } from './rebuild-outcome.js';

const rebuildMain = new URL('./rebuild-main.js', import.meta.url);

/**
 * Rebuilds the balances read model of the log in `url` in a process of its own (`rebuild-main.ts`): Annals'
 * `ProjectionRunner.rebuild()`, or raw `pg` projecting the whole log the same way.
 * @throws when the new read model does not hold every account with every deposit counted once
 */
export async function rebuildInChild(
  contender: 'annals' | 'raw',
  url: string,
  pageSize: number,
  expected: { readonly accounts: number; readonly events: number },
): Promise<RebuildOutcome> {
  const directory = mkdtempSync(join(tmpdir(), 'annals-bench-rebuild-'));
  const results = join(directory, 'outcome.json');
  let outcome: RebuildOutcome;
  try {
    const child = fork(rebuildMain, [contender, url, String(pageSize), String(expected.accounts), results], {
      execArgv: ['--expose-gc'],
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`${contender}'s rebuild process exited with code ${code}`);
    outcome = JSON.parse(readFileSync(results, 'utf8')) as RebuildOutcome;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  if (
    outcome.events !== expected.events ||
    outcome.rows !== expected.accounts ||
    outcome.deposits !== expected.events
  ) {
    throw new Error(
      `${contender}'s rebuild of ${outcome.events} events left ${outcome.rows} rows with ${outcome.deposits} deposits; ` +
        `expected ${expected.accounts} rows with ${expected.events}`,
    );
  }
  return outcome;
}
