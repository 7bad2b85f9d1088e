import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NotificationLogClient, type ProjectionStatus, type RebuildProgress } from '@annals/core';
import { rebuildBalances } from './demo/rebuild-balances.js';
import { startServer } from './demo/server-process.js';
import { transferTimeline } from './demo/transfer-timeline.js';
import { exchange, type Printing } from './demo/transcript.js';
import { settledTransfer } from './http/settled-transfer.js';
import type { BalanceList } from './read-model/balances.js';
import { table } from './table.js';

const euros = (cents: unknown): string => `€${(Number(cents) / 100).toFixed(2)}`;
const say = (text = ''): void => console.log(text);

interface Account {
  readonly id: string;
  readonly owner: string;
}

const accountLine = (body: unknown): string => {
  const account = body as {
    owner: string;
    balance: number;
    closed: boolean;
    version: number;
    position: number;
  };
  const closed = account.closed ? ', closed' : '';
  return `${account.owner}: ${euros(account.balance)}${closed}, version ${account.version}, log position ${account.position}`;
};

const balancesLine = (body: unknown): string => {
  const { generation, balances } = body as BalanceList;
  return `generation ${generation}: ${balances.map((b) => `${b.owner} ${euros(b.balance)}`).join(', ')}`;
};

const statusLine = (body: unknown): string => {
  const status = body as ProjectionStatus;
  const rebuilding =
    status.rebuilding === undefined ? '' : `; generation ${status.rebuilding} is being rebuilt`;
  return (
    `generation ${status.generation} serves, at position ${status.position} of ${status.head} ` +
    `(lag ${status.lagEvents} events, ${status.lagSeconds.toFixed(1)} s)${rebuilding}`
  );
};

const progressLine = ({ generation, position, head }: RebuildProgress): void =>
  say(`  generation ${generation}: ${position} of ${head} events projected, ${head - position} behind`);

async function scenario(url: string, env: Record<string, string>): Promise<void> {
  const post = (path: string, body: unknown, printing: Printing = accountLine) =>
    exchange(url, { method: 'POST', path, body }, printing);
  const request = (from: Account, to: Account, amount: number) =>
    post('/transfers', { from: from.id, to: to.id, amount }, (body) => (body as { status: string }).status);
  say('Open accounts for Alice, Bob and Carol, who then closes hers:');
  const alice = (await post('/accounts', { owner: 'Alice', overdraftLimit: 5_000 })).body as Account;
  const bob = (await post('/accounts', { owner: 'Bob' })).body as Account;
  const carol = (await post('/accounts', { owner: 'Carol' })).body as Account;
  await post(`/accounts/${carol.id}/close`, { reason: 'moved away' });

  say('\nA deposit, then the balances as of its log position (the read waits for the projection):');
  const deposit = await post(`/accounts/${alice.id}/deposits`, { amount: 10_000 });
  const { position } = deposit.body as { position: number };
  await exchange(url, { method: 'GET', path: `/balances?position=${position}` }, balancesLine);

  say('\nTwo clerks look at Alice, then deposit at the same moment, each on the version they saw:');
  const seen = (await exchange(url, { method: 'GET', path: `/accounts/${alice.id}` }, 'quiet')).body as {
    version: number;
  };
  await Promise.all([
    post(`/accounts/${alice.id}/deposits`, { amount: 1_000, expectedVersion: seen.version }),
    post(`/accounts/${alice.id}/deposits`, { amount: 500, expectedVersion: seen.version }),
  ]);

  say('\nBob tries to withdraw more than he has:');
  await post(`/accounts/${bob.id}/withdrawals`, { amount: 20_000 });

  say('\nAlice sends Bob €30.00: the transfers process has the bank debit Alice, then credit Bob:');
  const paid = (await request(alice, bob, 3_000)).body as { id: string };
  await settledTransfer(url, paid.id);
  await exchange(url, { method: 'GET', path: `/transfers/${paid.id}` }, (body) => {
    const { status, history } = body as { status: string; history: { topic: string }[] };
    return `${status}: ${history.map((step) => step.topic).join(' → ')}`;
  });

  say("\nAlice sends Carol €10.00, but Carol's account is closed: the transfer is compensated:");
  const refused = (await request(alice, carol, 1_000)).body as { id: string };
  await settledTransfer(url, refused.id);
  const transfer = await exchange(url, { method: 'GET', path: `/transfers/${refused.id}` }, (body) => {
    const { status, reason } = body as { status: string; reason: string };
    return `${status}: ${reason}`;
  });

  say("\nIts steps, from its history and from the bank's notification log. The log holds every account, so");
  say('a request without the log token is refused; the demo reads it as a follower that sends the token:');
  await exchange(url, { method: 'GET', path: '/notifications' });
  const owners = new Map([alice, bob, carol].map((account) => [account.id, account.owner]));
  const follower = new NotificationLogClient({
    url: new URL('/notifications', url),
    token: env['BANK_LOG_TOKEN'] ?? '',
  });
  const { history } = transfer.body as { history: { topic: string }[] };
  const steps = transferTimeline(history, await follower.select(1, 1_000), refused.id);
  say(
    table(
      ['application', 'event', 'account', 'reason'],
      steps.map((step) => [
        step.application,
        step.topic,
        step.accountId ? owners.get(step.accountId) : '',
        step.reason ?? '',
      ]),
    ),
  );

  say('\nAn operator rebuilds the balances projection into generation 2 from a process of its own, and');
  say('stops after one batch; the server keeps serving generation 1:');
  const stop = new AbortController();
  const rebuild = { env, batchSize: 4 };
  await rebuildBalances({
    ...rebuild,
    signal: stop.signal,
    onProgress: (step) => {
      progressLine(step);
      stop.abort();
    },
  });
  await exchange(url, { method: 'GET', path: '/projections/balances' }, statusLine);
  say('The operator resumes the rebuild, which catches up and switches every process over:');
  await rebuildBalances({ ...rebuild, onProgress: progressLine });
  await exchange(url, { method: 'GET', path: '/projections/balances' }, statusLine);

  const { body } = await exchange(url, { method: 'GET', path: '/balances' }, 'quiet');
  const { generation, balances } = body as BalanceList;
  say(`\nThe balances read model (generation ${generation}):`);
  say(
    table(
      ['owner', 'version', 'balance'],
      balances.map((b) => [b.owner, b.version, euros(b.balance)]),
    ),
  );
}

const usage = 'Usage: demo.js [--serve] [--port PORT] [--data DIR]';

function options(): { serve?: boolean; data?: string; port?: string } {
  try {
    const { values } = parseArgs({
      options: {
        serve: { type: 'boolean' },
        data: { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      say(usage);
      process.exit(0);
    }
    return values;
  } catch (error) {
    console.error(`demo: ${(error as Error).message}. ${usage}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const values = options();
  const directory = values.data ?? mkdtempSync(join(tmpdir(), 'annals-demo-'));
  // On every way out, Ctrl+C and failures included, the temporary folder goes.
  const removeDirectory = (): void => {
    if (values.data === undefined) rmSync(directory, { recursive: true, force: true });
  };
  process.once('exit', removeDirectory);
  const port = values.port ?? (values.serve ? '3000' : '0');
  // The demo's follower needs the log token; a run without BANK_LOG_TOKEN makes up one for the server.
  const env = {
    ANNALS_PERSISTENCE: 'sqlite',
    BANK_SQLITE_PATH: join(directory, 'bank.sqlite'),
    TRANSFERS_SQLITE_PATH: join(directory, 'transfers.sqlite'),
    BANK_LOG_TOKEN: process.env['BANK_LOG_TOKEN'] || randomBytes(32).toString('base64url'),
  };
  const starting = startServer({ ...env, PORT: port });
  process.once(
    'SIGINT',
    () =>
      void starting
        .then((server) => server.stop())
        .then((code) => process.exit(values.serve ? (code ?? 1) : 130)),
  );
  const server = await starting;
  say(
    `The bank example server (a cluster of 2 worker processes) listens on ${server.url}, storing events in ` +
      `SQLite files in ${directory}\n`,
  );
  if (values.serve) {
    say('Serving until you press Ctrl+C. /notifications needs `Authorization: Bearer $BANK_LOG_TOKEN`.');
    return;
  }
  try {
    await scenario(server.url, env);
  } finally {
    const code = await server.stop();
    say(`\nThe server shut down gracefully on SIGTERM (exit code ${code}).`);
    if (code !== 0) process.exitCode = 1;
  }
}

await main();
