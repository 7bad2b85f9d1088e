/**
 * A contender process of the SQL suite: `node contender-main.js <contender> <database url>`. Only the
 * contender asked for is imported, so that no other library's global state is in the process.
 */
import { serveContender } from '../harness/index.js';
import { asContender, type SqlContender } from './sql-contender.js';
import type { SqlContenderName } from './sql-contenders.js';

const openers: Readonly<Record<SqlContenderName, (url: string) => Promise<SqlContender>>> = {
  annals: async (url) => (await import('./annals/annals-contender.js')).AnnalsContender.open(url),
  raw: async (url) => (await import('./raw/raw-contender.js')).RawContender.open(url),
  emmett: async (url) => (await import('./emmett/emmett-contender.js')).EmmettContender.open(url),
};

const [name = '', url = ''] = process.argv.slice(2);
const open = Object.hasOwn(openers, name) ? openers[name as SqlContenderName] : undefined;
if (!open) throw new Error(`unknown SQL contender "${name}"; known: ${Object.keys(openers).join(', ')}`);
await serveContender(async () => asContender(await open(url)));
