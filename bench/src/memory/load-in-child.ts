import { fork } from 'node:child_process';
import { once } from 'node:events';
import type { LoadOutcome } from './load-outcome.js';
import type { Store } from './stores.js';

const loadMain = new URL('./load-main.js', import.meta.url);

/**
 * Loads the aggregate `id` from `store` at `location` in a process of its own (`load-main.ts`), with a
 * collected heap before its baseline.
 * @throws when the process fails, or the aggregate it loaded is not the seeded one
 */
export async function loadInChild(
  store: Store,
  location: string,
  id: string,
  expected: { readonly version: number; readonly balance: number },
): Promise<LoadOutcome> {
  const child = fork(loadMain, [store, location, id], { execArgv: ['--expose-gc'] });
  const exited = once(child, 'exit') as Promise<[number | null]>;
  const [outcome] = (await Promise.race([once(child, 'message'), exited])) as [LoadOutcome | number | null];
  const [code] = await exited;
  if (code !== 0 || typeof outcome !== 'object' || outcome === null) {
    throw new Error(`the ${store} load process exited with code ${code}`);
  }
  if (outcome.version !== expected.version || outcome.balance !== expected.balance) {
    throw new Error(
      `the ${store} load gave version ${outcome.version} and balance ${outcome.balance}; ` +
        `expected ${expected.version} and ${expected.balance}`,
    );
  }
  return outcome;
}
