/**
 * The consuming service of the latency workload, in a process of its own as it runs in production:
 * `node latency-consumer-main.js <database url> <exchange> <consumer> <dedup|plain> <count> <results file>`.
 * It consumes until `count` messages reached the handler, writes `[message id, handled at]` pairs (ms since
 * the epoch, sub-millisecond) to the results file and exits. Says READY once its queue is bound.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Messaging } from '@annals/amqp';
import { deleteTopology, testBrokerUrl } from '@annals/amqp/testing';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { READY } from '../harness/index.js';
import { Meters } from './bench-domain.js';

const [url = '', exchange = '', name = '', mode = '', count = '0', results = ''] = process.argv.slice(2);
const deduplicate = mode === 'dedup';
const total = Number(count);
const app = new Meters({ strategy: postgresqlStrategy({ url }), env: {} });
const messaging = new Messaging(app, { url: testBrokerUrl, exchange, setup: true });
const handled: [string, number][] = [];
let allHandled = (): void => undefined;
const done = new Promise<void>((resolve) => (allHandled = resolve));
const consumer = messaging
  .consumer(name, { prefetch: 200, ...(deduplicate ? {} : { strategy: undefined }) })
  .subscribe('Meter.*', (message) => {
    handled.push([message.id, performance.timeOrigin + performance.now()]);
    if (handled.length === total) allHandled();
  });
await messaging.setup();
const consuming = consumer.consume();
process.send?.(READY);
const deadline = setTimeout(allHandled, 120_000);
await done;
clearTimeout(deadline);
await consumer.stop();
await consuming;
writeFileSync(results, JSON.stringify(handled));
const own = messaging.topology(); // all but the exchange, which the producing side owns
await deleteTopology({ ...own, exchanges: own.exchanges.filter((declared) => declared.name !== exchange) });
await messaging.close();
await app.close();
process.disconnect?.();
