import { ApplicationLog, ProcessRunner } from '@annals/core';
import { Ledger, Receipts } from './ledger.js';
import type { Storage } from './storage.js';
import { openStrategy } from './storage.js';

/**
 * A process that runs the receipts process application until SIGTERM. It prints `{ loaded: position }` when
 * the policy has run for a deposit and is about to record; at the position given as the second argument it
 * stops there, so that the test can kill it between loading and recording.
 */
const storage = JSON.parse(process.argv[2] ?? '') as Storage;
const stallAt = Number(process.argv[3] ?? 0);
const ledger = new Ledger({ strategy: openStrategy(storage) });
const receipts = new Receipts({ strategy: openStrategy(storage, 'receipts_') });
receipts.beforeRecording = async (position) => {
  process.stdout.write(JSON.stringify({ loaded: position }) + '\n');
  if (position === stallAt) await new Promise(() => undefined);
};
const runner = new ProcessRunner({
  app: receipts,
  source: new ApplicationLog(ledger),
  pollInterval: 200,
  leaseRetry: 100,
});
await runner.start();
process.stdout.write(JSON.stringify({ started: process.pid }) + '\n');
process.once('SIGTERM', () => {
  void runner
    .stop()
    .then(() => Promise.all([ledger.close(), receipts.close()]))
    .then(() => process.exit(0));
});
