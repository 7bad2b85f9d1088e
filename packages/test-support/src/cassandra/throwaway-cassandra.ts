import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writePkcs12, type CertifiedKey } from '../certificates/index.js';
import { freePort } from '../servers/index.js';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../../../scripts/cassandra/cassandra.sh', import.meta.url));

/** Options of {@link startThrowawayCassandra}. */
export interface ThrowawayCassandraOptions {
  /** The node's certificate: clients must connect over TLS (client encryption), with this certificate. */
  readonly certificate: CertifiedKey;
}

/** A Cassandra node of one test file's own, on 127.0.0.1, that accepts only encrypted client connections. */
export interface ThrowawayCassandra {
  readonly port: number;
  /** `127.0.0.1:<port>`. */
  readonly contactPoint: string;
  /** Stops the node and deletes its files. */
  stop(): Promise<void>;
}

/**
 * Starts a second Cassandra node with scripts/cassandra/cassandra.sh, as the shared one is started, but in a
 * temporary run folder, on free native and storage ports, with a small heap and client encryption from a
 * PKCS12 keystore made of the certificate. Takes some seconds once the jars are cached (the script fetches
 * them with Maven on its first run).
 */
export async function startThrowawayCassandra(
  options: ThrowawayCassandraOptions,
): Promise<ThrowawayCassandra> {
  const dir = await mkdtemp(join(tmpdir(), 'annals-cassandra-tls-'));
  const keystorePassword = randomBytes(12).toString('hex');
  const keystore = join(dir, 'node.p12');
  const port = await freePort();
  const env = {
    ...process.env,
    ANNALS_CASSANDRA_DIR: join(dir, 'run'),
    ANNALS_CASSANDRA_PORT: String(port),
    ANNALS_CASSANDRA_STORAGE_PORT: String(await freePort()),
    ANNALS_CASSANDRA_HEAP: '512M',
    ANNALS_CASSANDRA_CLIENT_KEYSTORE: keystore,
    ANNALS_CASSANDRA_CLIENT_KEYSTORE_PASSWORD: keystorePassword,
  };
  const cassandra = async (command: 'start' | 'stop'): Promise<void> => {
    try {
      await run('bash', [script, command], { env, maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`cassandra.sh ${command} failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
    }
  };
  try {
    await writePkcs12(options.certificate, keystore, keystorePassword);
    await cassandra('start');
  } catch (error) {
    await cassandra('stop').catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    contactPoint: `127.0.0.1:${port}`,
    stop: async () => {
      await cassandra('stop');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
