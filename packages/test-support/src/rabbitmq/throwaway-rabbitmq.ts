import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CertifiedKey } from '../certificates/index.js';
import { freePort, ServerProcess } from '../servers/index.js';

/** Options of {@link startThrowawayRabbitmq}. */
export interface ThrowawayRabbitmqOptions {
  /**
   * When given, the node listens for AMQP over TLS only (amqps), with this certificate.
   * @default plain AMQP
   */
  readonly certificate?: CertifiedKey | undefined;
}

/** A RabbitMQ node of one test file's own, on 127.0.0.1, that speaks amqps only when given a certificate. */
export interface ThrowawayRabbitmq {
  readonly port: number;
  /** `amqps://guest:guest@<host>:<port>`, or `amqp://…` without TLS. @param host @default '127.0.0.1' */
  url(host?: string): string;
  /**
   * Stops the node and starts it again with the same port, name and database: durable queues and their
   * persistent messages survive.
   */
  restart(): Promise<void>;
  /** Stops the node and deletes its files. */
  stop(): Promise<void>;
}

/**
 * Starts a second RabbitMQ node beside the machine's own: its own node name, Erlang distribution port,
 * configuration, database and logs in a temporary folder, no plugins, and one listener on a free port: TLS
 * only when given a certificate, else plain AMQP. `ANNALS_TEST_RABBITMQ_SERVER` names the server script, by
 * default Debian's /usr/lib/rabbitmq/bin/rabbitmq-server (the /usr/sbin one would write the shared node's
 * start-up log).
 * Takes about seven seconds.
 */
export async function startThrowawayRabbitmq(
  options: ThrowawayRabbitmqOptions = {},
): Promise<ThrowawayRabbitmq> {
  const dir = await mkdtemp(join(tmpdir(), 'annals-rabbitmq-'));
  try {
    const [port, distributionPort] = [await freePort(), await freePort()];
    const config = join(dir, 'rabbitmq.conf');
    const { certificate } = options;
    const listeners = certificate
      ? [
          'listeners.tcp = none',
          `listeners.ssl.default = 127.0.0.1:${port}`,
          `ssl_options.certfile = ${certificate.certFile}`,
          `ssl_options.keyfile = ${certificate.keyFile}`,
          'ssl_options.verify = verify_none',
          'ssl_options.fail_if_no_peer_cert = false',
        ]
      : [`listeners.tcp.default = 127.0.0.1:${port}`];
    await writeFile(config, [...listeners, ''].join('\n'));
    await writeFile(join(dir, 'rabbitmq-env.conf'), '');
    await writeFile(join(dir, 'enabled_plugins'), '[].\n');
    await mkdir(join(dir, 'mnesia'));
    await mkdir(join(dir, 'log'));
    // The database is kept under the node's name: a restart under the same name finds its queues again.
    const node = `annals-${randomBytes(4).toString('hex')}@localhost`;
    const start = (): Promise<ServerProcess> =>
      ServerProcess.start(
        {
          name: 'RabbitMQ',
          command: process.env['ANNALS_TEST_RABBITMQ_SERVER'] ?? '/usr/lib/rabbitmq/bin/rabbitmq-server',
          args: [],
          env: {
            HOME: dir,
            RABBITMQ_NODENAME: node,
            RABBITMQ_DIST_PORT: String(distributionPort),
            RABBITMQ_CONFIG_FILE: config,
            RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
            RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
            RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
            RABBITMQ_LOG_BASE: join(dir, 'log'),
            RABBITMQ_LOGS: '-',
            RABBITMQ_PID_FILE: join(dir, 'rabbitmq.pid'),
          },
        },
        /Server startup complete/,
        60_000,
      );
    let server = await start();
    const scheme = certificate ? 'amqps' : 'amqp';
    return {
      port,
      url: (host = '127.0.0.1') => `${scheme}://guest:guest@${host}:${port}`,
      restart: async () => {
        await server.stop('SIGTERM');
        server = await start();
      },
      stop: async () => {
        await server.stop('SIGTERM');
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
