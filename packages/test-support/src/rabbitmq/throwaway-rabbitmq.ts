import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CertifiedKey } from '../certificates/index.js';
import { freePort, ServerProcess } from '../servers/index.js';

/** Options of {@link startThrowawayRabbitmq}. */
export interface ThrowawayRabbitmqOptions {
  /** The node's certificate: it listens for AMQP over TLS only (amqps), with this certificate. */
  readonly certificate: CertifiedKey;
}

/** A RabbitMQ node of one test file's own, on 127.0.0.1, that speaks only amqps. */
export interface ThrowawayRabbitmq {
  readonly port: number;
  /** `amqps://guest:guest@<host>:<port>`. @param host @default '127.0.0.1' */
  url(host?: string): string;
  /** Stops the node and deletes its files. */
  stop(): Promise<void>;
}

/**
 * Starts a second RabbitMQ node beside the machine's own: its own node name, Erlang distribution port,
 * configuration, database and logs in a temporary folder, no plugins, no plain AMQP listener, and a TLS
 * listener on a free port. `ANNALS_TEST_RABBITMQ_SERVER` names the server script, by default Debian's
 * /usr/lib/rabbitmq/bin/rabbitmq-server (the /usr/sbin one would write the shared node's start-up log).
 * Takes about seven seconds.
 */
export async function startThrowawayRabbitmq(options: ThrowawayRabbitmqOptions): Promise<ThrowawayRabbitmq> {
  const dir = await mkdtemp(join(tmpdir(), 'annals-rabbitmq-'));
  try {
    const [port, distributionPort] = [await freePort(), await freePort()];
    const config = join(dir, 'rabbitmq.conf');
    await writeFile(
      config,
      [
        'listeners.tcp = none',
        `listeners.ssl.default = 127.0.0.1:${port}`,
        `ssl_options.certfile = ${options.certificate.certFile}`,
        `ssl_options.keyfile = ${options.certificate.keyFile}`,
        'ssl_options.verify = verify_none',
        'ssl_options.fail_if_no_peer_cert = false',
        '',
      ].join('\n'),
    );
    await writeFile(join(dir, 'rabbitmq-env.conf'), '');
    await writeFile(join(dir, 'enabled_plugins'), '[].\n');
    await mkdir(join(dir, 'mnesia'));
    await mkdir(join(dir, 'log'));
    const server = await ServerProcess.start(
      {
        name: 'RabbitMQ',
        command: process.env['ANNALS_TEST_RABBITMQ_SERVER'] ?? '/usr/lib/rabbitmq/bin/rabbitmq-server',
        args: [],
        env: {
          HOME: dir,
          RABBITMQ_NODENAME: `annals-${randomBytes(4).toString('hex')}@localhost`,
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
    return {
      port,
      url: (host = '127.0.0.1') => `amqps://guest:guest@${host}:${port}`,
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
