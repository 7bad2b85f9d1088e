/**
 * The projecting service of the lag workload, in a process of its own as a worker runs it:
 * `node projector-main.js <database url> <page size> <results file>`. It runs the balances projection from the
 * start of the log and says READY once it has caught up with what is there; asked `{ until: position }`, it
 * waits until that position is projected, stops, writes `[position, committed at]` pairs to the results file
 * (a file, as a large IPC message may arrive after the process's exit) and exits.
 */
import { writeFileSync } from 'node:fs';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { READY } from '../../harness/index.js';
import { Bank } from '../../sql/annals/bank.js';
import { stampedRunner } from './stamped-runner.js';

const [url = '', pageSize = '500', results = ''] = process.argv.slice(2);
const strategy = postgresqlStrategy({ url });
const bank = new Bank({ strategy, env: {} });
const { runner, projectedAt } = stampedRunner(bank, strategy, Number(pageSize));
await runner.start();
await runner.waitFor(await bank.notificationLog.maxPosition(), { timeout: 120_000 });
process.once('message', (message: { until: number }) => {
  void (async () => {
    await runner.waitFor(message.until, { timeout: 120_000 });
    await runner.stop();
    writeFileSync(results, JSON.stringify([...projectedAt]));
    await bank.close();
    process.disconnect();
  })();
});
process.send?.(READY);
