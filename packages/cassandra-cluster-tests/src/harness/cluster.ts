import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import cassandra from 'cassandra-driver';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../../../scripts/cassandra/cassandra-cluster.sh', import.meta.url));

/** A node of the cluster: node N listens on 127.0.0.N. */
export type NodeNumber = 1 | 2 | 3;

/** The cluster's CQL port: the script's setting, so that tests and script agree. */
export const clusterPort = Number(process.env['ANNALS_CASSANDRA_CLUSTER_PORT'] ?? '9142');

/** The address of node N. */
export function addressOf(node: NodeNumber): string {
  return `127.0.0.${node}`;
}

/** The three nodes, as contact points. */
export const clusterContactPoints: readonly string[] = ([1, 2, 3] as const).map(
  (node) => `${addressOf(node)}:${clusterPort}`,
);

/**
 * Driver options for the cluster: reconnect to a node that is back within a second (the default policy
 * backs off to minutes while a node is down), and wait long enough for schema changes on a busy machine.
 */
export const clusterClientOptions = {
  socketOptions: { readTimeout: 60_000 },
  policies: { reconnection: new cassandra.policies.reconnection.ConstantReconnectionPolicy(1000) },
} as const;

/** A driver client of the test's own on the cluster, for what the strategy does not do. */
export function clusterClient(): cassandra.Client {
  return new cassandra.Client({
    ...clusterClientOptions,
    contactPoints: [...clusterContactPoints],
    localDataCenter: 'datacenter1',
    protocolOptions: { port: clusterPort },
  });
}

/** Whether the client's driver holds node N for up (it hears of nodes going down and coming back). */
export function driverSeesUp(client: cassandra.Client, node: NodeNumber): boolean {
  return client.hosts.get(`${addressOf(node)}:${clusterPort}`)?.isUp() ?? false;
}

/** SIGKILLs node N, as a crash would; its data stays for {@link restartNode}. */
export async function killNode(node: NodeNumber): Promise<void> {
  await cluster('kill', String(node));
}

/**
 * Starts node N again on its data and waits until every node sees it, and it sees every node, Up and Normal.
 * Under load on a busy machine that can take minutes: each wait may take ten, unless ANNALS_CASSANDRA_TIMEOUT
 * says otherwise.
 */
export async function restartNode(node: NodeNumber): Promise<void> {
  await cluster('restart', String(node), { ANNALS_CASSANDRA_TIMEOUT: '600', ...process.env });
}

async function cluster(command: string, node: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const args = [command, node];
  try {
    await run('bash', [script, ...args], { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`cassandra-cluster.sh ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`, {
      cause: error,
    });
  }
}
