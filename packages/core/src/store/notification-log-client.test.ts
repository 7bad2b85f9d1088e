import test, { type ExecutionContext } from 'ava';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ErrorCode,
  NotSupportedError,
  OperationalError,
  ValidationError,
  isOperationalError,
} from '../errors/index.js';
import { DomainEvent, TopicRegistry } from '../events/index.js';
import { Mapper } from '../mapping/index.js';
import { InMemoryStrategy } from '../memory/index.js';
import { Transcoder } from '../transcoding/index.js';
import { NotificationLog } from './notification-log.js';
import {
  NotificationLogClient,
  type NotificationPage,
  type NotificationResource,
} from './notification-log-client.js';

class Noted extends DomainEvent<{ text: string }> {
  static override readonly topic = 'Note.Noted';
}

const id = '0190a1b2-c3d4-7e5f-8a6b-000000000001';

function resource(position: number, topic = 'Note.Noted'): NotificationResource {
  return {
    position,
    originatorId: id,
    originatorVersion: position,
    topic,
    state: Buffer.from([position, 255]).toString('base64'),
  };
}

type Answer = { status?: number; type?: string; body: unknown };

/** Serves the answers `respond` gives on 127.0.0.1 and records the requests it got. */
async function canned(
  t: ExecutionContext,
  respond: (query: URLSearchParams, request: IncomingMessage) => Answer | Promise<Answer>,
): Promise<{ url: string; requests: { query: URLSearchParams; headers: IncomingMessage['headers'] }[] }> {
  const requests: { query: URLSearchParams; headers: IncomingMessage['headers'] }[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const query = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams;
    requests.push({ query, headers: request.headers });
    void Promise.resolve(respond(query, request)).then(
      ({ status = 200, type = 'application/json', body }) => {
        response.writeHead(status, { 'content-type': type });
        response.end(typeof body === 'string' ? body : JSON.stringify(body));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/bank/notifications`, requests };
}

const page = (
  items: NotificationResource[],
  maxPosition: number,
  next: string | null = null,
): NotificationPage => ({
  items,
  next,
  maxPosition,
});

test('select asks for the positions after start - 1 and returns notifications with their state bytes', async (t) => {
  const server = await canned(t, () => ({ body: page([resource(3), resource(4)], 9) }));
  const client = new NotificationLogClient({ url: server.url, headers: { authorization: 'Bearer x' } });
  const notifications = await client.select(3, 2, ['Note.Noted', 'Note.Other']);
  t.deepEqual(notifications, [
    {
      position: 3,
      originatorId: id,
      originatorVersion: 3,
      topic: 'Note.Noted',
      state: new Uint8Array([3, 255]),
    },
    {
      position: 4,
      originatorId: id,
      originatorVersion: 4,
      topic: 'Note.Noted',
      state: new Uint8Array([4, 255]),
    },
  ]);
  const [request] = server.requests;
  t.is(request?.query.get('after'), '2');
  t.is(request?.query.get('limit'), '2');
  t.is(request?.query.get('topics'), 'Note.Noted,Note.Other');
  t.is(request?.headers.authorization, 'Bearer x');
  t.true(notifications[0]?.state instanceof Uint8Array);
});

test('iterate pages on until a short page, stopping at the end of the log as it was when it began', async (t) => {
  let maxPosition = 5;
  const server = await canned(t, (query) => {
    const after = Number(query.get('after'));
    const limit = Number(query.get('limit'));
    const items: NotificationResource[] = [];
    for (let position = after + 1; position <= maxPosition && items.length < limit; position++) {
      items.push(resource(position));
    }
    maxPosition += 2; // writers keep appending while the follower reads
    return { body: page(items, maxPosition - 2) };
  });
  const client = new NotificationLogClient({ url: server.url });
  const positions: number[] = [];
  for await (const notification of client.iterate({ start: 2, pageSize: 3 }))
    positions.push(notification.position);
  t.deepEqual(positions, [2, 3, 4, 5]);
  t.deepEqual(
    server.requests.map((r) => r.query.get('after')),
    ['1', '4'],
  );
});

test('iterate of an empty log makes one request and yields nothing', async (t) => {
  const server = await canned(t, () => ({ body: page([], 0) }));
  const client = new NotificationLogClient({ url: server.url });
  const seen: unknown[] = [];
  for await (const notification of client.iterate()) seen.push(notification);
  t.deepEqual(seen, []);
  t.is(server.requests.length, 1);
  t.is(server.requests[0]?.query.get('after'), '0');
  t.is(server.requests[0]?.query.get('limit'), '500');
  t.false(server.requests[0]?.query.has('topics'));
});

test('maxPosition asks for an empty page and reads its maxPosition', async (t) => {
  const server = await canned(t, () => ({ body: page([], 42) }));
  t.is(await new NotificationLogClient({ url: server.url }).maxPosition(), 42);
  t.is(server.requests[0]?.query.get('limit'), '0');
});

test('the notifications decode with the mapper of the application that stored them', async (t) => {
  const topics = new TopicRegistry();
  topics.registerEvent(Noted);
  const mapper = new Mapper({ topics, transcoder: new Transcoder(), compression: 'zlib' });
  const event = new Noted({ originatorId: id, originatorVersion: 1, timestamp: new Date(7) }, { text: 'hi' });
  const stored = mapper.toStoredEvent(event);
  const server = await canned(t, () => ({
    body: page([{ ...stored, position: 1, state: Buffer.from(stored.state).toString('base64') }], 1),
  }));
  const [notification] = await new NotificationLogClient({ url: server.url }).select(1, 10);
  const log = new NotificationLog(mapper, new InMemoryStrategy());
  const decoded = log.decode(notification ?? t.fail());
  t.true(decoded instanceof Noted);
  t.deepEqual(decoded.payload, { text: 'hi' });
  t.is(decoded.timestamp.getTime(), 7);
});

const problem = (status: number, code: string, detail: string): Answer => ({
  status,
  type: 'application/problem+json',
  body: {
    type: `urn:annals:problem:${code}`,
    title: 'x',
    status,
    detail,
    code,
    instance: '/bank/notifications',
  },
});

test('HTTP problems become the matching Annals errors', async (t) => {
  const answers: Answer[] = [
    problem(400, ErrorCode.validation, 'limit must be at most 1000'),
    problem(503, ErrorCode.operational, 'unavailable'),
    problem(501, ErrorCode.notSupported, 'no log'),
    problem(500, 'ANNALS_INTERNAL', 'oops'),
    { status: 404, type: 'text/html', body: '<p>Cannot GET</p>' },
    { body: { items: 'nope', next: null, maxPosition: 1 } },
    { body: 'not json at all' },
  ];
  const server = await canned(t, () => answers.shift() ?? { body: page([], 0) });
  const client = new NotificationLogClient({ url: server.url });
  const validation = await t.throwsAsync(client.select(1, 5000), { instanceOf: ValidationError });
  t.regex(validation.message, /400: limit must be at most 1000/);
  const unavailable = await t.throwsAsync(client.select(1, 1), { instanceOf: OperationalError });
  t.regex(unavailable.message, /503/);
  await t.throwsAsync(client.select(1, 1), { instanceOf: NotSupportedError });
  await t.throwsAsync(client.select(1, 1), { instanceOf: OperationalError, message: /500: oops/ });
  await t.throwsAsync(client.select(1, 1), { instanceOf: OperationalError, message: /404: HTTP 404/ });
  await t.throwsAsync(client.select(1, 1), { instanceOf: OperationalError, message: /malformed page/ });
  await t.throwsAsync(client.select(1, 1), { instanceOf: OperationalError, message: /malformed page/ });
});

test('an unreachable or slow endpoint fails with OperationalError', async (t) => {
  // An endpoint that never answers: the client's timeout alone ends the wait.
  const server = await canned(t, () => new Promise<Answer>(() => undefined));
  const slow = new NotificationLogClient({ url: server.url, timeout: 50 });
  const timedOut = await t.throwsAsync(slow.select(1, 1));
  t.true(isOperationalError(timedOut));

  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  const unreachable = new NotificationLogClient({ url: `http://127.0.0.1:${port}/notifications` });
  const refused = await t.throwsAsync(unreachable.maxPosition(), { instanceOf: OperationalError });
  t.regex(refused.message, /could not be read/);
});

test('a malformed query is refused before any request is sent', async (t) => {
  const server = await canned(t, () => ({ body: page([], 0) }));
  const client = new NotificationLogClient({ url: server.url });
  await t.throwsAsync(client.select(0, 1), { instanceOf: ValidationError });
  await t.throwsAsync(client.select(1, 0), { instanceOf: ValidationError });
  await t.throwsAsync(client.select(1, 1, ['A,B']), { instanceOf: ValidationError });
  await t.throwsAsync(client.iterate({ pageSize: 0 })[Symbol.asyncIterator]().next(), {
    instanceOf: ValidationError,
  });
  t.is(server.requests.length, 0);
});
