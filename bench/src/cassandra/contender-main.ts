/**
 * A contender process of the Cassandra suite: `node contender-main.js <contender> <keyspace>`. Only the
 * contender asked for is imported, so that no other library's global state is in the process.
 */
import { serveContender } from '../harness/index.js';
import { asContender, type CassandraContender } from './cassandra-contender.js';
import type { CassandraContenderName } from './cassandra-contenders.js';

const openers: Readonly<Record<CassandraContenderName, (keyspace: string) => Promise<CassandraContender>>> = {
  annals: async (keyspace) => (await import('./annals/annals-contender.js')).AnnalsContender.open(keyspace),
  raw: async (keyspace) => (await import('./raw/raw-contender.js')).RawContender.open(keyspace),
};

const [name = '', keyspace = ''] = process.argv.slice(2);
const open = Object.hasOwn(openers, name) ? openers[name as CassandraContenderName] : undefined;
if (!open) {
  throw new Error(`unknown Cassandra contender "${name}"; known: ${Object.keys(openers).join(', ')}`);
}
await serveContender(async () => asContender(await open(keyspace)));
