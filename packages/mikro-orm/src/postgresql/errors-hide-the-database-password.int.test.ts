import test from 'ava';
import { randomBytes, randomUUID } from 'node:crypto';
import { Application, isConfigurationError } from '@annals/core';
import { leaksIn, printable, startThrowawayPostgresql, type ThrowawayPostgresql } from '@annals/test-support';
import { orderPlaced } from '../fixtures/announced-event.js';
import { postgresqlPersistence } from './postgresql-persistence.js';
import { postgresqlStrategy } from './postgresql-strategy.js';

const password = `db-${randomBytes(12).toString('base64url')}/:@`;
const secrets = { 'database password': password };
let server: ThrowawayPostgresql | undefined;

test.before(async () => {
  server = await startThrowawayPostgresql({ password });
});

test.after.always(async () => {
  await server?.stop();
});

function started(): ThrowawayPostgresql {
  if (!server) throw new Error('the throwaway PostgreSQL did not start');
  return server;
}

/** What appending through a strategy on `url` throws, with its causes. */
async function failureOf(url: string): Promise<unknown> {
  const strategy = postgresqlStrategy({ url });
  try {
    await strategy.append([orderPlaced(randomUUID(), 1)]);
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await strategy.close();
  }
}

test('errors of a wrong password or an unreachable server show no password, nor do their causes', async (t) => {
  const wrong = started().url({ password: `${password}-wrong` });
  const unreachable = started().url().replace(`:${started().port}/`, ':1/');
  const errors = [await failureOf(wrong), await failureOf(unreachable)];
  t.regex(printable(errors[0]), /password authentication failed/);
  t.regex(printable(errors[1]), /PostgreSQL at 127\.0\.0\.1:1\/postgres is unavailable/);
  t.deepEqual(leaksIn(printable(errors), { ...secrets, 'wrong password': `${password}-wrong` }), []);
});

test('a malformed POSTGRES_URL is named without its value', (t) => {
  for (const text of [
    started().url().replace('postgresql:', 'mysql:'),
    started().url().replace('127.0.0.1', '[not-a-host'),
    started().url({ query: 'sslmode=verify-full&sslrootcert=/nowhere/ca.pem' }),
  ]) {
    const error = t.throws(
      () =>
        new Application({
          name: 'bank',
          persistence: 'postgres',
          strategies: { postgres: postgresqlPersistence },
          env: { BANK_POSTGRES_URL: text },
        }),
    );
    t.true(isConfigurationError(error), printable(error));
    t.deepEqual(leaksIn(printable(error), secrets), [], text.replace(password, '<password>'));
  }
});
