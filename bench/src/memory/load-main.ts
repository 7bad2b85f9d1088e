/**
 * The process a load runs in, so that its memory is its own: `node load-main.js <store> <url or path>
 * <aggregate id>`. It opens an application on the store, warms it up on the aggregate's first event, then
 * loads the whole aggregate with `Application.get`, sampling its resident set size meanwhile, sends a
 * {@link LoadOutcome} and exits.
 */
import { highWaterMark, resetHighWaterMark } from '../harness/index.js';
import { performance } from 'node:perf_hooks';
import type { ActiveRecordStrategy } from '@annals/core';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { sqliteStrategy } from '@annals/mikro-orm/sqlite';
import { BankAccount } from '../sql/annals/bank-account.js';
import { Bank } from '../sql/annals/bank.js';
import type { LoadOutcome } from './load-outcome.js';
import type { Store } from './stores.js';

const SAMPLE_INTERVAL = 20;

const [store = '', location = '', id = ''] = process.argv.slice(2);
const open: Record<Store, () => ActiveRecordStrategy> = {
  postgresql: () => postgresqlStrategy({ url: location }),
  sqlite: () => sqliteStrategy({ path: location }),
};
if (!Object.hasOwn(open, store)) throw new Error(`unknown store "${store}"`);
const bank = new Bank({ strategy: open[store as Store](), env: {} });
// Opens the pool and runs every code path of a load once, so the baseline holds what a warm process holds.
await bank.get(BankAccount, id, { version: 1 });
(globalThis as { gc?: () => void }).gc?.();
const baseline = process.memoryUsage().rss;
resetHighWaterMark();
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, SAMPLE_INTERVAL);
const started = performance.now();
const account = await bank.get(BankAccount, id);
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const heapUsed = process.memoryUsage().heapUsed;
peak = Math.max(peak, process.memoryUsage().rss, highWaterMark());
(globalThis as { gc?: () => void }).gc?.();
const heapRetained = process.memoryUsage().heapUsed;
const outcome: LoadOutcome = {
  version: account.version,
  balance: account.balance,
  seconds,
  baselineRss: baseline,
  peakRss: peak,
  heapUsed,
  heapRetained,
};
process.send?.(outcome);
await bank.close();
process.disconnect();
