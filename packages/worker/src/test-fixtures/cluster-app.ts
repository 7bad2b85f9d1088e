import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@annals/core';
import { getApplication, initApplication } from '@annals/lifecycle';
import { runCluster } from '../index.js';
import { Probe, say } from './probe.js';

// A cluster serving HTTP: each worker answers with its pid and its application's instance id.
// CRASH_ON_START makes every worker fail to start; GET /crash makes the worker that gets it exit with 3;
// WORKER_LOAD_MS makes each worker take that long to load, as a large application does, before it runs.

const crashOnStart = process.env['CRASH_ON_START'] === '1';
if (cluster.isWorker) await sleep(Number(process.env['WORKER_LOAD_MS'] ?? 0));

const logger: Logger = {
  debug: () => undefined,
  info: (_fields, message) => say(`info ${message}`),
  warn: (_fields, message) => say(`warn ${message}`),
  error: (_fields, message) => say(`error ${message}`),
  child: () => logger,
};

await runCluster({
  workers: 2,
  maxRestarts: Number(process.env['MAX_RESTARTS'] ?? 5),
  logger,
  primary: () => say(`primary ${process.pid}`),
  worker: async () => {
    say(`starting ${process.pid}`);
    if (crashOnStart) throw new Error('cannot start');
    await initApplication(() => {
      say(`constructed ${process.pid}`);
      return new Probe(() => say(`closed ${process.pid}`));
    });
    const server = createServer((request, response) => {
      if (request.url === '/crash') process.exit(3);
      response.setHeader('connection', 'close');
      response.end(JSON.stringify({ pid: process.pid, instance: getApplication<Probe>().instance }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    say(`listening ${process.pid} ${(server.address() as AddressInfo).port}`);
    return () => new Promise<void>((resolve) => server.close(() => resolve()));
  },
});
