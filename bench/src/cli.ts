/**
 * `node bench/dist/cli.js <suite> [--quick]`: runs a suite, prints its table and writes
 * `bench/results/<suite>.json` (`<suite>-quick.json` for a quick run; `cassandra-cluster…` for the cassandra
 * suite on the three-node cluster).
 */
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ON_CLUSTER } from './cassandra/connection.js';
import { describeMachine, formatTable, writeReport, type Report } from './harness/index.js';
import { suites } from './suites.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const unknownFlags = args.filter((arg) => arg.startsWith('-') && arg !== '--quick');
const [name, ...extra] = args.filter((arg) => !arg.startsWith('-'));
const suite = name === undefined ? undefined : suites.get(name);
if (!suite || extra.length > 0 || unknownFlags.length > 0) {
  const problem =
    name === undefined
      ? 'no suite named'
      : !suite
        ? `unknown suite "${name}"`
        : `unexpected ${[...extra, ...unknownFlags].join(' ')}`;
  console.error(
    `bench: ${problem}. Usage: cli.js <suite> [--quick]; suites: ${[...suites.keys()].join(', ')}`,
  );
  process.exit(2);
}

const started = performance.now();
const outcome = await suite.run({ quick });
const report: Report = {
  suite: suite.name,
  quick,
  rounds: outcome.rounds,
  machine: describeMachine(outcome.services),
  results: outcome.results,
  notes: outcome.notes,
};
const where = suite.name === 'cassandra' && ON_CLUSTER ? '-cluster' : '';
const path = fileURLToPath(
  new URL(`../results/${suite.name}${where}${quick ? '-quick' : ''}.json`, import.meta.url),
);
await writeReport(path, report);
console.log(formatTable(report));
console.log(
  `\nwrote ${relative(process.cwd(), path)} in ${Math.round((performance.now() - started) / 1000)} s`,
);
