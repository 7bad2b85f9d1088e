/**
 * A contender process of the relay throughput:
 * `node contender-main.js <contender> <database url> <broker url> <exchange> <queue>`. Only the contender
 * asked for is imported, so that no other one's global state (the OpenTelemetry SDK) is in the process. The
 * `annals_no_api` process is started with `--import without-opentelemetry-api.js`, and checks that the API is
 * missing.
 */
import { serveContender, type Contender } from '../../harness/index.js';
import type { RelayContenderName } from './relay-contenders.js';
import type { RelayTarget } from './relay-target.js';
import type { RelayTask } from './relay-task.js';

type Opener = (databaseUrl: string, target: RelayTarget) => Promise<Contender<RelayTask>>;

const openers: Readonly<Record<RelayContenderName, Opener>> = {
  annals: async (databaseUrl, target) =>
    (await import('./annals-relay-contender.js')).AnnalsRelayContender.open(databaseUrl, target),
  annals_no_api: async (databaseUrl, target) => {
    const { AnnalsRelayContender } = await import('./annals-relay-contender.js');
    await (await import('./without-opentelemetry-api.js')).checkOpenTelemetryApiMissing();
    return AnnalsRelayContender.open(databaseUrl, target);
  },
  annals_traced: async (databaseUrl, target) =>
    (await import('./traced-relay-contender.js')).TracedRelayContender.open(databaseUrl, target),
  raw: async (_databaseUrl, target) =>
    (await import('./raw-relay-contender.js')).RawRelayContender.open(target),
};

const [name = '', databaseUrl = '', url = '', exchange = '', queue = ''] = process.argv.slice(2);
const open = Object.hasOwn(openers, name) ? openers[name as RelayContenderName] : undefined;
if (!open) throw new Error(`unknown relay contender "${name}"; known: ${Object.keys(openers).join(', ')}`);
await serveContender(async () => open(databaseUrl, { url, exchange, queue }));
