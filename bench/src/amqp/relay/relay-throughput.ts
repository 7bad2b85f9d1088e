import { measureWorkload, resultOf, startContenders, type WorkloadResult } from '../../harness/index.js';
import { RELAY_CONTENDERS, type RelayContenderName } from './relay-contenders.js';
import type { RelayTarget } from './relay-target.js';
import type { RelayTask } from './relay-task.js';

const CONTENDER_ENTRY = new URL('./contender-main.js', import.meta.url);
const WITHOUT_OPENTELEMETRY_API = new URL('./without-opentelemetry-api.js', import.meta.url);

/** How the relay throughput runs. */
export interface RelayThroughputOptions {
  readonly databaseUrl: string;
  readonly target: RelayTarget;
  readonly rows: number;
  readonly rounds: number;
}

/**
 * Measures the relay's throughput, each contender in a process of its own, alternating rounds in one run.
 * @returns three lines: Annals against raw amqplib; Annals with the OpenTelemetry SDK registered against
 * Annals with the API only (tracing's cost); Annals without the API against Annals with it (what the API
 * costs when no SDK is registered)
 */
export async function measureRelayThroughput({
  databaseUrl,
  target,
  rows,
  rounds,
}: RelayThroughputOptions): Promise<WorkloadResult[]> {
  const contenders = await startContenders<RelayTask>(
    CONTENDER_ENTRY,
    RELAY_CONTENDERS,
    [databaseUrl, target.url, target.exchange, target.queue],
    { annals_no_api: ['--import', WITHOUT_OPENTELEMETRY_API.href] },
  );
  const name = `relay ${rows} committed outbox rows to broker confirms`;
  console.error(`${name}: ${RELAY_CONTENDERS.join(', ')}`);
  let rates: Map<string, number[]>;
  try {
    rates = await measureWorkload({ name, events: rows, task: { rows } }, contenders, {
      rounds,
      onSample: (contender, round, rate) =>
        console.error(`  round ${round + 1}/${rounds}  ${contender.padEnd(13)} ${Math.round(rate)} events/s`),
    });
  } catch (error) {
    await Promise.allSettled(contenders.map((contender) => contender.close()));
    throw error;
  }
  // Closing checks what the last round left (the traced contender's spans): a failing close fails the run.
  await Promise.all(contenders.map((contender) => contender.close()));
  const line = (workload: string, ...names: RelayContenderName[]): WorkloadResult =>
    resultOf(workload, new Map(names.map((contender) => [contender, rates.get(contender) ?? []])));
  return [
    line(name, 'annals', 'raw'),
    line(`${name}, OpenTelemetry SDK installed vs none`, 'annals_traced', 'annals'),
    line(`${name}, OpenTelemetry API not installed vs installed without an SDK`, 'annals_no_api', 'annals'),
  ];
}
