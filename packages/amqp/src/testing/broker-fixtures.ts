import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { connect } from 'amqplib';
import type { Topology } from '../topology/index.js';

const run = promisify(execFile);

/** The broker tests use: `ANNALS_TEST_AMQP_URL`, by default the local RabbitMQ as guest. */
export const testBrokerUrl = process.env['ANNALS_TEST_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A name no other test file uses, e.g. `relay-3f9a1c2b`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Deletes the queues and exchanges of a topology (the default exchange and `amq.*` are left alone). */
export async function deleteTopology(topology: Topology, url = testBrokerUrl): Promise<void> {
  const model = await connect(url);
  try {
    const channel = await model.createChannel();
    for (const queue of topology.queues) await channel.deleteQueue(queue.name);
    for (const exchange of topology.exchanges) {
      if (exchange.name !== '' && !exchange.name.startsWith('amq.'))
        await channel.deleteExchange(exchange.name);
    }
    await channel.close();
  } finally {
    await model.close();
  }
}

/**
 * Closes, from the broker's side, every connection whose name is `name` (as a server restart or a network
 * cut would), using `rabbitmqctl` on this machine. @returns how many it closed
 */
export async function closeBrokerConnections(name: string): Promise<number> {
  const { stdout } = await run('rabbitmqctl', [
    'list_connections',
    'pid',
    'client_properties',
    '--quiet',
    '--no-table-headers',
  ]);
  // Lines read `<rabbit@host.1.2.0>\t[{"connection_name","<name>"},…]`; the JSON formatter's pids are not
  // accepted back by close_connection.
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(`{"connection_name","${name}"}`))
    .map((line) => line.split('\t')[0] ?? '')
    .filter((pid) => pid.startsWith('<'));
  for (const pid of pids) await run('rabbitmqctl', ['close_connection', pid, 'closed by a fault test']);
  return pids.length;
}
