import test, { type ExecutionContext } from 'ava';
import { randomBytes } from 'node:crypto';
import { Cipher } from '@annals/core';
import { deleteTopology, testBrokerUrl, uniqueName } from '@annals/amqp/testing';
import { leaksIn, startThrowawayPostgresql, type ThrowawayPostgresql } from '@annals/test-support';
import { runCli, type CliRun } from '../fixtures/run-cli.js';

const secrets = {
  'cipher key': Cipher.generateKey(),
  'database password': `db-${randomBytes(9).toString('base64url')}/:@`,
  'broker password': `mq-${randomBytes(9).toString('base64url')}`,
};
const exchange = uniqueName('cli-secrets');
const consumer = uniqueName('ledger');
let database: ThrowawayPostgresql | undefined;

test.before(async () => {
  database = await startThrowawayPostgresql({ password: secrets['database password'] });
});

test.after.always(async () => {
  await database?.stop();
  const names = [consumer, `${consumer}.retry.1`, `${consumer}.retry.2`, `${consumer}.parked`];
  await deleteTopology({
    exchanges: [
      { name: exchange, type: 'topic' },
      { name: `${consumer}.retry`, type: 'direct' },
    ],
    queues: names.map((name) => ({ name })),
    bindings: [],
  });
});

function started(): ThrowawayPostgresql {
  if (!database) throw new Error('the throwaway PostgreSQL did not start');
  return database;
}

/** The fixture's variables with the secrets configured: the cipher key, and the passwords in the URLs. */
function env(overrides: { postgresUrl?: string; amqpUrl?: string } = {}): Record<string, string> {
  return {
    BANK_CIPHER_KEY: secrets['cipher key'],
    FIXTURE_POSTGRES_URL: overrides.postgresUrl ?? started().url(),
    FIXTURE_AMQP_URL: overrides.amqpUrl ?? testBrokerUrl,
    FIXTURE_EXCHANGE: exchange,
    FIXTURE_CONSUMER: consumer,
  };
}

/** Runs the command with and without `--json` and checks both runs' stdout and stderr for every secret. */
async function sweep(
  t: ExecutionContext,
  args: readonly string[],
  variables: Record<string, string>,
): Promise<CliRun[]> {
  const runs = [await runCli(args, variables), await runCli([...args, '--json'], variables)];
  for (const [index, run] of runs.entries()) {
    const label = `annals ${args.join(' ')}${index === 1 ? ' --json' : ''}`;
    t.deepEqual(leaksIn(`${run.stdout}\n${run.stderr}`, secrets), [], label);
  }
  return runs;
}

test.serial('migrate, setup, status, flush and drain print no secret when they succeed', async (t) => {
  for (const args of [['migrate'], ['setup'], ['open-accounts', '2'], ['status'], ['flush'], ['drain']]) {
    for (const run of await sweep(t, args, env())) t.is(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
  }
});

test.serial('status and migrate against an unreachable database print no secret', async (t) => {
  const postgresUrl = started().url().replace(`:${started().port}/`, ':1/');
  for (const args of [['status'], ['migrate']]) {
    for (const run of await sweep(t, args, env({ postgresUrl }))) {
      t.is(run.code, 1);
      t.regex(run.stderr, /PostgreSQL at 127\.0\.0\.1:1\/postgres is unavailable/);
    }
  }
});

test.serial('status and migrate with a wrong database password print no secret', async (t) => {
  const postgresUrl = started().url({ password: `${secrets['database password']}-wrong` });
  for (const args of [['status'], ['migrate']]) {
    for (const run of await sweep(t, args, env({ postgresUrl }))) {
      t.is(run.code, 1);
      t.regex(run.stderr, /password authentication failed/);
    }
  }
});

test.serial('commands that reach a broker refusing the password print no secret', async (t) => {
  const amqpUrl = testBrokerUrl.replace(/:[^:@/]*@/, `:${encodeURIComponent(secrets['broker password'])}@`);
  for (const args of [['status'], ['setup'], ['drain']]) {
    for (const run of await sweep(t, args, env({ amqpUrl }))) {
      t.is(run.code, 1);
      t.regex(run.stderr, /RabbitMQ at amqp:\/\/guest:\*\*\*@/);
    }
  }
});
