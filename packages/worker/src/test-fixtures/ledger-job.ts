import { writeSync } from 'node:fs';
import { getApplication, initApplication } from '@annals/lifecycle';
import { Entry, Ledger } from './ledger.js';
import { say, sleep } from './probe.js';

/** A job of the queue workers' tests: posts `entry`, after `wait` ms when given. */
export interface LedgerJob {
  readonly entry: string;
  readonly wait?: number;
}

/** What a job that ran answers; a job skipped as done before answers nothing. */
export interface LedgerJobResult {
  readonly pid: number;
  readonly inits: number;
  readonly instance: string;
}

/**
 * Where the worker SIGKILLs itself, from `CRASH`: when its job starts (before the save), or as soon as the
 * save committed (before the queue hears that the job completed).
 */
const crash = process.env['CRASH'];
let inits = 0;

/** The worker-init hook: constructs the ledger on `LEDGER_URL`. */
export async function initLedger(): Promise<void> {
  inits++;
  const ledger = await initApplication(
    () => new Ledger(process.env['LEDGER_URL'] ?? '', () => say('closed')),
  );
  ledger.strategy.onCommit(() => {
    if (crash !== 'after-commit') return;
    // Synchronous, so nothing after the commit (the job's completion) gets out first.
    writeSync(1, `committed ${process.pid}\n`);
    process.kill(process.pid, 'SIGKILL');
  });
}

/** The job handler: posts the job's entry with `getApplication()`. */
export async function postEntry(job: LedgerJob): Promise<LedgerJobResult> {
  say(`started ${job.entry}`);
  if (crash === 'before-save') process.kill(process.pid, 'SIGKILL');
  if (job.wait) await sleep(job.wait);
  const ledger = getApplication<Ledger>();
  await ledger.save(Entry.post(job.entry));
  say(`finished ${job.entry}`);
  return { pid: process.pid, inits, instance: ledger.instance };
}
