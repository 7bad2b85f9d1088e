import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CertifiedKey } from '../certificates/index.js';
import { freePort, handOver, ServerProcess, serverUser } from '../servers/index.js';
import { postgresqlBinaries } from './postgresql-binaries.js';

const run = promisify(execFile);

/** Options of {@link startThrowawayPostgresql}. */
export interface ThrowawayPostgresqlOptions {
  /** When given, the server accepts TCP connections only over TLS, with this certificate. @default plain TCP */
  readonly certificate?: CertifiedKey | undefined;
  /** The superuser's password; every connection authenticates with it (SCRAM). @default a random one */
  readonly password?: string | undefined;
  /**
   * Acknowledge a commit only once its WAL is written (`synchronous_commit=on`), so that acknowledged commits
   * survive an immediate restart. @default false: faster, and a crash may lose the last commits
   */
  readonly durableCommits?: boolean | undefined;
}

/** Options of {@link ThrowawayPostgresql.restart}. */
export interface PostgresqlRestartOptions {
  /**
   * Stop as a crash would (immediate shutdown: no checkpoint, every session cut), so the start recovers from
   * the WAL. @default false: a fast shutdown, which rolls back open transactions and checkpoints
   */
  readonly immediate?: boolean | undefined;
}

/** A PostgreSQL server of one test file's own, on 127.0.0.1. */
export interface ThrowawayPostgresql {
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** A URL of its `postgres` database, with the password; `query` is appended after `?`. */
  url(options?: { readonly host?: string; readonly password?: string; readonly query?: string }): string;
  /** Stops the server and starts it again on the same port and files. */
  restart(options?: PostgresqlRestartOptions): Promise<void>;
  /** Stops the server and deletes its files. */
  stop(): Promise<void>;
}

/**
 * Starts a fresh PostgreSQL cluster (initdb, then postgres) in a temporary folder on a free port, with
 * password authentication and optionally TLS only. Under root it runs as the `postgres` system user, since
 * PostgreSQL refuses to run as root. Takes about a second.
 */
export async function startThrowawayPostgresql(
  options: ThrowawayPostgresqlOptions = {},
): Promise<ThrowawayPostgresql> {
  const bin = await postgresqlBinaries();
  const user = await serverUser('postgres');
  const dir = await mkdtemp(join(tmpdir(), 'annals-postgresql-'));
  const superuser = 'annals';
  const password = options.password ?? randomBytes(12).toString('hex');
  try {
    await writeFile(join(dir, 'password'), `${password}\n`);
    const port = await freePort();
    const settings = [`port=${port}`, 'listen_addresses=127.0.0.1', `unix_socket_directories=${dir}`];
    // Without fsync a crash of the machine could lose data, never one of the server: the files it wrote stay.
    settings.push(
      'fsync=off',
      'full_page_writes=off',
      `synchronous_commit=${options.durableCommits ? 'on' : 'off'}`,
    );
    const hba = ['local all all scram-sha-256'];
    if (options.certificate) {
      await copyFile(options.certificate.certFile, join(dir, 'server.pem'));
      await copyFile(options.certificate.keyFile, join(dir, 'server.key'));
      await chmod(join(dir, 'server.key'), 0o600);
      settings.push(
        'ssl=on',
        `ssl_cert_file=${join(dir, 'server.pem')}`,
        `ssl_key_file=${join(dir, 'server.key')}`,
      );
      hba.push('hostssl all all 127.0.0.1/32 scram-sha-256', 'host all all 0.0.0.0/0 reject');
    } else {
      hba.push('host all all 127.0.0.1/32 scram-sha-256');
    }
    await handOver(dir, user);
    const data = join(dir, 'data');
    await run(
      join(bin, 'initdb'),
      ['-D', data, '-U', superuser, `--pwfile=${join(dir, 'password')}`, '-A', 'scram-sha-256', '--no-sync'],
      user ? { uid: user.uid, gid: user.gid } : {},
    ).catch((error: unknown) => {
      throw new Error(`initdb failed: ${(error as { stderr?: string }).stderr ?? String(error)}`, {
        cause: error,
      });
    });
    await writeFile(join(data, 'pg_hba.conf'), `${hba.join('\n')}\n`);
    const start = (): Promise<ServerProcess> =>
      ServerProcess.start(
        {
          name: 'PostgreSQL',
          command: join(bin, 'postgres'),
          args: ['-D', data, ...settings.flatMap((setting) => ['-c', setting])],
          user,
        },
        /database system is ready to accept connections/,
        30_000,
      );
    let server = await start();
    return {
      port,
      user: superuser,
      password,
      url: (url = {}) =>
        `postgresql://${superuser}:${encodeURIComponent(url.password ?? password)}@${url.host ?? '127.0.0.1'}:${port}/postgres` +
        (url.query ? `?${url.query}` : ''),
      restart: async (restart = {}) => {
        // SIGQUIT: the immediate shutdown; SIGINT: the fast one, which does not wait for clients to disconnect.
        await server.stop(restart.immediate ? 'SIGQUIT' : 'SIGINT');
        server = await start();
      },
      stop: async () => {
        await server.stop('SIGINT');
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
