import test from 'ava';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { Accounts } from './model/accounts.js';
import { createEffectsTable } from './model/effects.js';
import { Acknowledgements } from './harness/acknowledgements.js';
import { consumerBacklog } from './harness/consumer-backlog.js';
import { Crew } from './harness/crew.js';
import { faultSchedule } from './harness/faults.js';
import { Progress } from './harness/progress.js';
import { startServices } from './harness/services.js';
import { query } from './harness/sql.js';
import { verdict } from './harness/verdict.js';

const exchange = 'faults.events';
/** Saves, effects and projected positions every process must add after each fault: it recovered by itself. */
const steps = 20;

test('under load, through restarts, cut sessions and statement timeouts, nothing acknowledged is lost and no effect happens twice', async (t) => {
  const began = Date.now();
  const services = await startServices();
  t.teardown(() => services.stop());
  const setup = postgresqlStrategy({ url: services.databaseUrl, poolSize: 1 });
  await setup.migrate();
  await query(setup, createEffectsTable);
  await setup.close();
  // The suite's own view of the database, as a superuser whose sessions the faults leave alone.
  const strategy = postgresqlStrategy({ url: services.adminUrl, poolSize: 2, migrate: false });
  const app = new Accounts({ strategy, env: {} });
  t.teardown(() => app.close());

  const crew = new Crew((name) => ({
    name,
    databaseUrl: services.databaseUrl,
    brokerUrl: services.rabbitmq.url(),
    exchange,
    poolSize: 4,
  }));
  t.teardown(() => crew.kill());
  let handlerRuns = 0;
  // The consumer declares its queue before any writer publishes.
  await crew.start('consumer', 'consumer', (report) => {
    if (typeof report['handlerRuns'] === 'number') handlerRuns = report['handlerRuns'];
  });
  await crew.start('projector', 'projector');
  const acknowledgements = new Acknowledgements();
  const writers = await Promise.all(
    ['writer-1', 'writer-2'].map((name) => crew.start('writer', name, acknowledgements.listener(name))),
  );
  const progress = new Progress(strategy, acknowledgements);
  const waits = { timeout: 60_000, check: () => crew.check() };
  await progress.made(steps, 'from the start', waits).catch((error: unknown) => {
    throw crew.explain(error);
  });

  const injected: Record<string, unknown>[] = [];
  for (const { fault, inject } of faultSchedule(services)) {
    const start = Date.now();
    const outcome = await inject();
    injected.push({ fault, ms: Date.now() - start, ...outcome });
    await progress.made(steps, `after ${fault}`, waits).catch((error: unknown) => {
      throw crew.explain(error);
    });
  }

  const quiesced = await Promise.all(writers.map((writer) => writer.command('quiesce', 30_000)));
  const problems: string[] = [];
  await progress.drained(waits).catch((error: unknown) => problems.push(crew.explain(error).message));
  const backlog = await consumerBacklog(services.rabbitmq.url(), exchange);
  if (backlog.retrying + backlog.parked > 0) {
    problems.push(`${backlog.retrying} messages wait for a retry and ${backlog.parked} are parked`);
  }
  const pools = await crew.probePools(30_000);
  problems.push(...pools.problems);
  await crew.exit(30_000);
  const stored = await verdict(app, strategy, acknowledgements.events);
  problems.push(...stored.problems);

  console.log(
    JSON.stringify({
      suite: 'faults',
      seconds: Math.round((Date.now() - began) / 1000),
      faults: injected,
      savesAcknowledged: acknowledgements.total,
      eventsAcknowledged: acknowledgements.events.size,
      saveFailures: quiesced.reduce((sum, report) => sum + Number(report['failures']), 0),
      ...stored.counts,
      handlerRuns,
      poolProbes: pools.concurrent,
      problems,
    }),
  );
  t.deepEqual(problems, [], 'nothing acknowledged lost, no effect twice, the projection equal to the log');
});
