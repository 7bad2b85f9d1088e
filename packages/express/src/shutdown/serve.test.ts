import test, { type ExecutionContext } from 'ava';
import express from 'express';
import { once } from 'node:events';
import { Agent, createServer, get, type IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { serve, type ServeOptions, type Serving } from '../index.js';
import { spyLogger } from '../fixtures/spy-logger.js';

/** A server with `/fast` and `/slow` (answered when `release` is called), served with `options`. */
async function started(t: ExecutionContext, options: Partial<ServeOptions> = {}) {
  const events: string[] = [];
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const app = express();
  app.get('/fast', (_request, response) => {
    response.json({ fast: true });
  });
  app.get('/slow', async (_request, response) => {
    events.push('slow arrived');
    await released;
    response.on('finish', () => events.push('slow answered'));
    response.json({ slow: true });
  });
  const logger = spyLogger();
  const serving = await serve(createServer(app), {
    port: 0,
    host: '127.0.0.1',
    signals: [],
    logger,
    close: () => events.push('closed'),
    ...options,
  });
  t.teardown(async () => {
    release();
    serving.server.closeAllConnections();
    await serving.shutdown().catch(() => undefined);
  });
  return { serving, events, release, logger };
}

/** A GET through `agent`: the answer, and whether it came on a connection used before. */
function fetchWith(
  agent: Agent,
  serving: Serving,
  path: string,
): Promise<IncomingMessage & { reused: boolean }> {
  return new Promise((resolve, reject) => {
    const outgoing = get(new URL(path, serving.url), { agent }, (answer) => {
      answer.resume();
      answer.once('end', () => resolve(Object.assign(answer, { reused: outgoing.reusedSocket })));
    });
    outgoing.once('error', reject);
  });
}

test('listens where it says and shuts down on demand, once', async (t) => {
  const { serving, events } = await started(t);
  t.regex(serving.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.is((await fetch(new URL('/fast', serving.url))).status, 200);
  t.false(serving.shuttingDown);
  const first = serving.shutdown();
  t.true(serving.shuttingDown);
  t.is(serving.shutdown(), first);
  await first;
  t.false(serving.server.listening);
  t.deepEqual(events, ['closed']);
});

test('a request in flight finishes, with Connection: close, new connections are refused, then close runs', async (t) => {
  const { serving, events, release } = await started(t);
  const agent = new Agent({ keepAlive: true });
  t.teardown(() => agent.destroy());
  const slow = fetchWith(agent, serving, '/slow');
  while (!events.includes('slow arrived')) await sleep(5);
  const shutdown = serving.shutdown();
  const refused = await t.throwsAsync(fetchWith(new Agent(), serving, '/fast'));
  t.is((refused as NodeJS.ErrnoException).code, 'ECONNREFUSED');
  release();
  const answer = await slow;
  t.is(answer.statusCode, 200);
  t.is(answer.headers.connection, 'close');
  await shutdown;
  t.deepEqual(events, ['slow arrived', 'slow answered', 'closed']);
});

test('an idle keep-alive connection still serves a request sent during the idle grace, then closes', async (t) => {
  const { serving } = await started(t, { idleGrace: 300 });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.teardown(() => agent.destroy());
  const first = await fetchWith(agent, serving, '/fast');
  t.is(first.headers.connection, 'keep-alive');
  const shutdown = serving.shutdown();
  const second = await fetchWith(agent, serving, '/fast');
  t.is(second.statusCode, 200);
  t.is(second.headers.connection, 'close');
  t.true(second.reused);
  await shutdown;
});

test('an idle keep-alive connection left idle is closed after the idle grace, not the keep-alive timeout', async (t) => {
  const { serving } = await started(t, { idleGrace: 50 });
  const agent = new Agent({ keepAlive: true });
  t.teardown(() => agent.destroy());
  await fetchWith(agent, serving, '/fast');
  const begun = Date.now();
  await serving.shutdown();
  t.true(Date.now() - begun < 1000, `${Date.now() - begun} ms`);
});

test('connections still busy after the timeout are cut, with a warning, and close still runs', async (t) => {
  const { serving, events, logger } = await started(t, { timeout: 100 });
  const stuck = fetchWith(new Agent(), serving, '/slow');
  stuck.catch(() => undefined);
  while (!events.includes('slow arrived')) await sleep(5);
  const begun = Date.now();
  await serving.shutdown();
  t.true(Date.now() - begun >= 90);
  await t.throwsAsync(stuck);
  t.deepEqual(events, ['slow arrived', 'closed']);
  t.deepEqual(
    logger.lines.map(({ level, message }) => [level, message]),
    [['warn', 'cutting the connections still open after the shutdown timeout']],
  );
});

test.serial('a signal shuts down and exits 0, and stops listening for signals', async (t) => {
  const exits: number[] = [];
  const before = process.listenerCount('SIGUSR2');
  const { events } = await started(t, { signals: ['SIGUSR2'], exit: (code) => exits.push(code) });
  t.is(process.listenerCount('SIGUSR2'), before + 1);
  process.kill(process.pid, 'SIGUSR2');
  while (exits.length === 0) await sleep(5);
  t.deepEqual(exits, [0]);
  t.deepEqual(events, ['closed']);
  t.is(process.listenerCount('SIGUSR2'), before);
});

test.serial('a failed close after a signal exits 1 with the reason on one line', async (t) => {
  const exits: number[] = [];
  const { logger } = await started(t, {
    signals: ['SIGUSR2'],
    exit: (code) => exits.push(code),
    close: () => Promise.reject(new Error('pool\nstuck')),
  });
  process.kill(process.pid, 'SIGUSR2');
  while (exits.length === 0) await sleep(5);
  t.deepEqual(exits, [1]);
  t.deepEqual(
    logger.lines.map(({ level, message }) => [level, message]),
    [
      ['info', 'shutting down'],
      ['error', 'shutdown failed'],
    ],
  );
});

test('a port in use fails to serve', async (t) => {
  const taken = createServer();
  taken.listen(0, '127.0.0.1');
  await once(taken, 'listening');
  t.teardown(() => taken.close());
  const { port } = taken.address() as { port: number };
  const error = await t.throwsAsync(serve(createServer(), { port, host: '127.0.0.1', signals: [] }));
  t.is((error as NodeJS.ErrnoException).code, 'EADDRINUSE');
});
