import type { ExecutionContext } from 'ava';
import { deleteTopology, testBrokerUrl, uniqueName } from '@annals/amqp/testing';
import { createPostgresqlDatabase } from '@annals/mikro-orm/testing';
import { runJson } from '../fixtures/run-cli.js';

/** A database, exchange and consumer of the test's own, migrated and declared through the CLI. */
export async function faultWorld(
  t: ExecutionContext,
): Promise<{ env: Record<string, string>; consumer: string; url: string }> {
  const database = await createPostgresqlDatabase('annals_fault');
  const exchange = uniqueName('fault-test');
  const consumer = uniqueName('ledger');
  t.teardown(async () => {
    await database.drop();
    await deleteTopology({
      exchanges: [
        { name: exchange, type: 'topic' },
        { name: `${consumer}.retry`, type: 'direct' },
      ],
      queues: [consumer, `${consumer}.retry.1`, `${consumer}.retry.2`, `${consumer}.parked`].map((name) => ({
        name,
      })),
      bindings: [],
    });
  });
  const env = {
    FIXTURE_POSTGRES_URL: database.url,
    FIXTURE_EXCHANGE: exchange,
    FIXTURE_CONSUMER: consumer,
    FIXTURE_AMQP_URL: testBrokerUrl,
  };
  await runJson(['migrate'], env);
  await runJson(['setup'], env);
  return { env, consumer, url: database.url };
}
