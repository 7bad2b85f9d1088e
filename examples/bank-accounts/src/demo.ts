import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NotificationLogClient } from '@annals/core';
import { startServer } from './demo/server-process.js';
import { exchange } from './demo/transcript.js';
import { table } from './table.js';

const euros = (cents: unknown): string => `€${(Number(cents) / 100).toFixed(2)}`;
const say = (text = ''): void => console.log(text);

interface Account {
  readonly id: string;
  readonly owner: string;
}

async function scenario(url: string, logToken: string): Promise<void> {
  say('Open two accounts, deposit, transfer:');
  const alice = (await exchange(url, 'POST', '/accounts', { owner: 'Alice', overdraftLimit: 5_000 }))
    .body as Account;
  const bob = (await exchange(url, 'POST', '/accounts', { owner: 'Bob' })).body as Account;
  await exchange(url, 'POST', `/accounts/${alice.id}/deposits`, { amount: 10_000 });
  await exchange(url, 'POST', `/accounts/${bob.id}/deposits`, { amount: 2_500 });
  await exchange(url, 'POST', '/transfers', { from: alice.id, to: bob.id, amount: 3_000 });

  say('\nTwo clerks look at Alice, then deposit at the same moment, each on the version they saw:');
  const seen = (await exchange(url, 'GET', `/accounts/${alice.id}`)).body as { version: number };
  await Promise.all([
    exchange(url, 'POST', `/accounts/${alice.id}/deposits`, { amount: 1_000, expectedVersion: seen.version }),
    exchange(url, 'POST', `/accounts/${alice.id}/deposits`, { amount: 500, expectedVersion: seen.version }),
  ]);

  say('\nBob tries to withdraw more than he has:');
  await exchange(url, 'POST', `/accounts/${bob.id}/withdrawals`, { amount: 20_000 });

  say('\nThe notification log holds every account: a request without the log token is refused.');
  await exchange(url, 'GET', '/notifications');

  say('\nThe notification log, read back over HTTP by a follower sending the token:');
  const owners = new Map([
    [alice.id, 'Alice'],
    [bob.id, 'Bob'],
  ]);
  const follower = new NotificationLogClient({ url: new URL('/notifications', url), token: logToken });
  const notifications = await follower.select(1, 100);
  say(
    table(
      ['position', 'account', 'version', 'topic', 'payload'],
      notifications.map((item) => {
        const state = JSON.parse(Buffer.from(item.state).toString('utf8')) as { p: unknown };
        return [
          item.position,
          owners.get(item.originatorId),
          item.originatorVersion,
          item.topic,
          JSON.stringify(state.p),
        ];
      }),
    ),
  );

  say('\nThe balances read model (kept in the same transaction as the events):');
  const balances = (await exchange(url, 'GET', '/balances', undefined, true)).body as {
    owner: string;
    balance: number;
    version: number;
  }[];
  say(
    table(
      ['owner', 'version', 'balance'],
      balances.map((b) => [b.owner, b.version, euros(b.balance)]),
    ),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { serve: { type: 'boolean' }, db: { type: 'string' }, port: { type: 'string' } },
  });
  const database = values.db ?? join(mkdtempSync(join(tmpdir(), 'annals-demo-')), 'bank.sqlite');
  const port = values.port ?? (values.serve ? '3000' : '0');
  // The demo's follower needs the log token; a run without BANK_LOG_TOKEN makes up one for the server.
  const logToken = process.env['BANK_LOG_TOKEN'] || randomBytes(32).toString('base64url');
  const server = await startServer({ BANK_SQLITE_PATH: database, PORT: port, BANK_LOG_TOKEN: logToken });
  say(
    `The bank example server (a cluster of 2 worker processes) listens on ${server.url}, storing events in ${database}\n`,
  );
  if (values.serve) {
    say('Serving until you press Ctrl+C. /notifications needs `Authorization: Bearer $BANK_LOG_TOKEN`.');
    process.once('SIGINT', () => void server.stop().then((code) => process.exit(code ?? 1)));
    return;
  }
  try {
    await scenario(server.url, logToken);
  } finally {
    const code = await server.stop();
    say(`\nThe server shut down gracefully on SIGTERM (exit code ${code}).`);
    if (code !== 0) process.exitCode = 1;
  }
}

await main();
