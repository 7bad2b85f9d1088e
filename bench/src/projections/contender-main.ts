/**
 * A contender process of the projections suite: `node contender-main.js <contender> <database url>`. Only
 * the contender asked for is imported, so that no other library's global state is in the process.
 */
import { serveContender } from '../harness/index.js';
import { asContender, type CatchUpContender } from './catch-up-contender.js';
import type { CatchUpContenderName } from './catch-up-contenders.js';

const openers: Readonly<Record<CatchUpContenderName, (url: string) => Promise<CatchUpContender>>> = {
  annals: async (url) => (await import('./annals/annals-contender.js')).AnnalsContender.open(url, 'sql'),
  annals_orm: async (url) =>
    (await import('./annals/annals-contender.js')).AnnalsContender.open(url, 'unit-of-work'),
  raw: async (url) => (await import('./raw/raw-contender.js')).RawContender.open(url),
  emmett: async (url) => (await import('./emmett/emmett-contender.js')).EmmettContender.open(url),
};

const [name = '', url = ''] = process.argv.slice(2);
const open = Object.hasOwn(openers, name) ? openers[name as CatchUpContenderName] : undefined;
if (!open) throw new Error(`unknown contender "${name}"; known: ${Object.keys(openers).join(', ')}`);
await serveContender(async () => asContender(await open(url)));
