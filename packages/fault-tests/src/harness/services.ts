import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  startThrowawayPostgresql,
  startThrowawayRabbitmq,
  type ThrowawayPostgresql,
  type ThrowawayRabbitmq,
} from '@annals/test-support';

/** The applications' role: the faults cut and slow down its sessions, never the suite's own. */
export const applicationRole = 'app';

/** The throwaway servers of one run, which the faults restart. */
export interface FaultServices {
  readonly postgresql: ThrowawayPostgresql;
  readonly rabbitmq: ThrowawayRabbitmq;
  /** The suite's database as the applications' role. */
  readonly databaseUrl: string;
  /** The suite's database as the superuser: for the faults and the verdict. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts a PostgreSQL server whose acknowledged commits survive an immediate restart and a plain-AMQP
 * RabbitMQ node, both of this run's own on free ports, and makes a database owned by the applications' role.
 */
export async function startServices(): Promise<FaultServices> {
  const [postgresql, rabbitmq] = await Promise.allSettled([
    startThrowawayPostgresql({ durableCommits: true }),
    startThrowawayRabbitmq(),
  ]);
  if (postgresql.status === 'rejected' || rabbitmq.status === 'rejected') {
    await Promise.all([
      postgresql.status === 'fulfilled' && postgresql.value.stop(),
      rabbitmq.status === 'fulfilled' && rabbitmq.value.stop(),
    ]);
    throw postgresql.status === 'rejected' ? postgresql.reason : (rabbitmq as PromiseRejectedResult).reason;
  }
  const password = randomBytes(12).toString('hex');
  const server = new pg.Client({ connectionString: postgresql.value.url() });
  await server.connect();
  try {
    await server.query(`CREATE ROLE ${applicationRole} LOGIN PASSWORD '${password}'`);
    await server.query(`CREATE DATABASE faults OWNER ${applicationRole}`);
  } finally {
    await server.end();
  }
  const databaseUrl = `postgresql://${applicationRole}:${password}@127.0.0.1:${postgresql.value.port}/faults`;
  const admin = new URL(postgresql.value.url());
  admin.pathname = '/faults';
  return {
    postgresql: postgresql.value,
    rabbitmq: rabbitmq.value,
    databaseUrl,
    adminUrl: admin.toString(),
    stop: async () => {
      await Promise.all([postgresql.value.stop(), rabbitmq.value.stop()]);
    },
  };
}
