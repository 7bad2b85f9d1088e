/**
 * The process a rebuild runs in, so that its memory is its own: `node rebuild-main.js <annals|raw> <database
 * url> <page size> <accounts> <results file>`. Once open (a pool connection made, the heap collected) it
 * notes its resident set size and resets its high-water mark, rebuilds the read model from the whole log while sampling it, counts the new
 * read model, writes a {@link RebuildOutcome} to the results file and exits.
 */
import { writeFileSync } from 'node:fs';
import { highWaterMark, resetHighWaterMark } from '../../harness/index.js';
import { performance } from 'node:perf_hooks';
import type { RebuildOutcome } from './rebuild-outcome.js';
import type { Rebuilder } from './rebuilder.js';

const SAMPLE_INTERVAL = 20;

const [contender = '', url = '', pageSize = '500', accounts = '0', results = ''] = process.argv.slice(2);
const rebuilder: Rebuilder =
  contender === 'annals'
    ? await (await import('./annals-rebuilder.js')).AnnalsRebuilder.open(url, Number(pageSize))
    : contender === 'raw'
      ? await (await import('./raw-rebuilder.js')).RawRebuilder.open(url, Number(pageSize), Number(accounts))
      : unknown(contender);
(globalThis as { gc?: () => void }).gc?.();
const baseline = process.memoryUsage().rss;
resetHighWaterMark();
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, SAMPLE_INTERVAL);
const started = performance.now();
const batches = await rebuilder.rebuild();
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss, highWaterMark());
const outcome: RebuildOutcome = {
  contender,
  events: rebuilder.events,
  seconds,
  batches,
  ...(await rebuilder.count()),
  baselineRss: baseline,
  peakRss: peak,
};
writeFileSync(results, JSON.stringify(outcome));
await rebuilder.close();

function unknown(name: string): never {
  throw new Error(`unknown rebuild contender "${name}"; known: annals, raw`);
}
if (process.connected) process.disconnect();
