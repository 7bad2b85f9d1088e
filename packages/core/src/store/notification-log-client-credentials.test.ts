import test, { type ExecutionContext } from 'ava';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationError, OperationalError } from '../errors/index.js';
import { NotificationLogClient } from './notification-log-client.js';

const secret = 's3cr3t-token-4f9a';

/** Answers every request with `status` and a problem whose detail quotes the request's headers. */
async function echoing(t: ExecutionContext, status: number) {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    const body =
      status === 200
        ? { items: [], next: null, maxPosition: seen.length }
        : { status, code: 'X', detail: `refused ${JSON.stringify(request.headers)}` };
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/notifications`, seen };
}

test('the token is sent as a bearer token, asked of its provider before each request', async (t) => {
  const server = await echoing(t, 200);
  let calls = 0;
  const client = new NotificationLogClient({
    url: server.url,
    headers: { 'x-tenant': 'bank' },
    token: async () => `${secret}-${++calls}`,
  });
  await client.maxPosition();
  await client.select(1, 10);
  t.deepEqual(
    server.seen.map((headers) => [headers.authorization, headers['x-tenant']]),
    [
      [`Bearer ${secret}-1`, 'bank'],
      [`Bearer ${secret}-2`, 'bank'],
    ],
  );
  await new NotificationLogClient({ url: server.url, token: secret }).maxPosition();
  t.is(server.seen[2]?.authorization, `Bearer ${secret}`);
});

test('a refused token is a ConfigurationError whose message holds neither the token nor the headers', async (t) => {
  for (const status of [401, 403, 500]) {
    const server = await echoing(t, status);
    const client = new NotificationLogClient({
      url: server.url,
      headers: { 'x-api-key': `${secret}-key` },
      token: secret,
    });
    const error = await t.throwsAsync(client.maxPosition());
    t.true(status === 500 ? error instanceof OperationalError : error instanceof ConfigurationError);
    t.regex(error.message, new RegExp(`answered ${status}: refused`));
    t.false(error.message.includes(secret), error.message);
    t.false(JSON.stringify(error).includes(secret));
  }
});

test('unreachable endpoints, failing token providers and malformed tokens leak no secret', async (t) => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  const url = `http://127.0.0.1:${port}/notifications`;
  const errors = [
    await t.throwsAsync(new NotificationLogClient({ url, token: secret }).maxPosition(), {
      instanceOf: OperationalError,
    }),
    await t.throwsAsync(
      new NotificationLogClient({
        url,
        token: () => {
          throw new Error('vault unreachable');
        },
      }).maxPosition(),
      { instanceOf: OperationalError, message: /token .* could not be read/ },
    ),
    await t.throwsAsync(new NotificationLogClient({ url, token: () => `${secret}\nx` }).maxPosition(), {
      instanceOf: ConfigurationError,
    }),
    t.throws(() => new NotificationLogClient({ url, token: `${secret}\r\nx-injected: 1` }), {
      instanceOf: ConfigurationError,
    }),
    t.throws(() => new NotificationLogClient({ url, headers: { 'x-api-key': `${secret}\nx` } }), {
      instanceOf: ConfigurationError,
      message: /x-api-key header/,
    }),
    t.throws(() => new NotificationLogClient({ url: `http://reader:${secret}@127.0.0.1:${port}/n` }), {
      instanceOf: ConfigurationError,
    }),
  ];
  for (const error of errors) t.false(error.message.includes(secret), error.message);
});
