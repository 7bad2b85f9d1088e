import test, { type ExecutionContext } from 'ava';
import { startHttp, type HttpResult, type HttpSpecification } from '@annals/testing';
import type { Logger } from '@annals/core';
import express from 'express';
import fc from 'fast-check';
import {
  assertIfMatch,
  notFoundHandler,
  notificationLogRouter,
  problemHandler,
  readYourWrites,
  sendAggregate,
  setPosition,
} from '../index.js';
import { Note } from '../fixtures/notebook.js';
import { notebookWithTexts } from '../fixtures/note-texts.js';

/**
 * The adapter's parts as an application mounts them: the notification log, a JSON body stored as an event's
 * payload, `If-Match` on a write, and a read-your-writes read with a short wait.
 */
async function served(t: ExecutionContext): Promise<{ http: HttpSpecification; id: string }> {
  const { notebook, texts, runner } = notebookWithTexts(t);
  const app = express();
  app.use(express.json());
  app.use(notificationLogRouter({ application: () => notebook, authorize: 'trusted-network' }));
  app.post('/notes', async (request, response) => {
    // Whatever JSON came is stored as the text, so the payload reaches the mapper as sent.
    const note = Note.write(request.body as string);
    setPosition(response, await notebook.save(note));
    sendAggregate(response.status(201), note, { id: note.id });
  });
  app.put('/notes/:id', async (request, response) => {
    const note = await notebook.get(Note, String(request.params['id']));
    assertIfMatch(request, note);
    // As with POST, whatever JSON came as `text` is stored, so it reaches the mapper as sent.
    note.edit(((request.body as { text?: unknown } | undefined)?.text ?? 'edited') as string);
    await notebook.save(note);
    sendAggregate(response, note, { id: note.id });
  });
  app.get('/notes/:id/text', readYourWrites({ projections: [runner], timeout: 20 }), (request, response) => {
    response.json({ text: texts.get(String(request.params['id'])) ?? null });
  });
  app.use(notFoundHandler(), problemHandler({ logger: testLogger(t) }));
  await runner.start();
  const note = Note.write('first');
  await notebook.save(note);
  return { http: await startHttp(t, app), id: note.id };
}

/**
 * Throws, for fast-check to shrink and report, unless the answer is one a client caused: success, or a
 * problem (application/problem+json) of one of `statuses`.
 */
function expectAnswer(answer: HttpResult, what: string, statuses: readonly number[]): void {
  const problem = answer.status >= 400;
  const typed = /application\/problem\+json/.test(answer.headers.get('content-type') ?? '');
  if (!statuses.includes(answer.status) || (problem && !typed)) {
    throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}

/** A logger whose errors (those behind 5xx answers) show in the test's log. */
function testLogger(t: ExecutionContext): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (fields, message) => t.log(message, fields),
    child: () => logger,
  };
  return logger;
}

/** Text a URL or header may carry, as bytes a client could send: percent-encoded, or raw printable. */
const percentEncoded = fc
  .uint8Array({ maxLength: 12 })
  .map((bytes) => [...bytes].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join(''));
const oddNumbers = fc.constantFrom(
  '-1',
  '1e3',
  '0x10',
  '1.5',
  ' 7',
  '',
  '9007199254740993',
  '99999999999999999999',
  'NaN',
  '%',
  '%zz',
  ',',
  ',,a,',
);
const queryValue = fc.oneof(
  percentEncoded,
  oddNumbers,
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.nat().map(String),
);
const query = fc
  .array(fc.tuple(fc.constantFrom('after', 'limit', 'topics', 'topics[]', 'after[0]', 'x'), queryValue), {
    maxLength: 5,
  })
  .map((pairs) => `?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}`);

/** A header value as HTTP allows it: tab, printable ASCII and Latin-1. */
const headerValue = fc.string({
  unit: fc
    .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09))
    .map((code) => String.fromCharCode(code)),
  maxLength: 24,
});

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const jsonBody = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.constantFrom('{', '{"text":', '[1,]', 'nul', '"text"', 'null', '1', '{"__proto__":{"x":1}}'),
  fc.integer({ min: 150, max: 30_000 }).map((depth) => `{"text":${nested(depth)}}`),
);

test('property: any query of the notification log is answered 200 or 400', async (t) => {
  const { http } = await served(t);
  await fc.assert(
    fc.asyncProperty(query, async (search) => {
      expectAnswer(await http.get(`/notifications${search}`), search, [200, 400]);
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('property: any JSON body is stored or answered 400 or 413', async (t) => {
  const { http } = await served(t);
  await fc.assert(
    fc.asyncProperty(jsonBody, async (body) => {
      const answer = await http.post('/notes', body, { 'content-type': 'application/json' });
      expectAnswer(answer, body.slice(0, 60), [201, 400, 413]);
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('property: any id, If-Match and body of a write are answered as the client caused', async (t) => {
  const { http, id } = await served(t);
  const target = fc.oneof(fc.constant(id), fc.constant(id.toUpperCase()), percentEncoded, fc.uuid());
  await fc.assert(
    fc.asyncProperty(target, headerValue, jsonBody, async (path, ifMatch, body) => {
      const answer = await http.put(`/notes/${path}`, body, {
        'content-type': 'application/json',
        'if-match': ifMatch,
      });
      expectAnswer(answer, `${path} with If-Match ${ifMatch}`, [200, 400, 404, 409, 412, 413]);
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('property: any Annals-Position is answered 200, 400, or 503 once the wait times out', async (t) => {
  const { http, id } = await served(t);
  await fc.assert(
    fc.asyncProperty(fc.oneof(headerValue, oddNumbers, fc.nat().map(String)), async (position) => {
      const answer = await http.get(`/notes/${id}/text`, { 'annals-position': position });
      const timedOut = (answer.body as { code?: unknown } | undefined)?.code === 'ANNALS_TIMEOUT';
      expectAnswer(answer, JSON.stringify(position), timedOut ? [503] : [200, 400]);
    }),
    { numRuns: 300 },
  );
  t.pass();
});
