import test from 'ava';
import {
  AggregateNotFoundError,
  AnnalsError,
  ClosedError,
  ConfigurationError,
  IntegrityError,
  NotSupportedError,
  OperationalError,
  ProjectionNotFoundError,
  RecordConflictError,
  TimeoutError,
  TopicNotFoundError,
  ValidationError,
} from '@annals/core';
import { startHttp } from '@annals/testing';
import express from 'express';
import {
  PreconditionFailedError,
  problemHandler,
  type Problem,
  type ProblemHandlerOptions,
} from '../index.js';
import { spyLogger } from '../fixtures/spy-logger.js';

const id = '0190a1b2-c3d4-7e5f-8a6b-000000000001';

/** An app whose routes throw the error named in the path, or reject with it from an async handler. */
function throwing(
  errors: Record<string, () => unknown>,
  options: ProblemHandlerOptions = {},
): express.Express {
  const app = express();
  app.use(express.json({ limit: '64b' }));
  app.all('/sync/:name', (request) => {
    throw errors[request.params.name]?.();
  });
  app.all('/async/:name', async (request) => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    throw errors[request.params.name]?.();
  });
  app.get('/half', (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.write('partial');
    throw new Error('broke mid-answer');
  });
  app.use(problemHandler(options));
  return app;
}

const cases: [string, () => unknown, number, string, RegExp | string][] = [
  [
    'validation',
    () => new ValidationError('amount must be > 0'),
    400,
    'ANNALS_VALIDATION',
    'amount must be > 0',
  ],
  [
    'not-found',
    () => new AggregateNotFoundError(id),
    404,
    'ANNALS_AGGREGATE_NOT_FOUND',
    `aggregate ${id} not found`,
  ],
  [
    'conflict',
    () =>
      new RecordConflictError(
        'a record with the same identity exists: Key (originator_id, originator_version)=(x, 2) already exists.',
      ),
    409,
    'ANNALS_RECORD_CONFLICT',
    'The aggregate was changed by another request; reload it and retry.',
  ],
  [
    'precondition',
    () => new PreconditionFailedError(id, 1, 2),
    412,
    'ANNALS_PRECONDITION_FAILED',
    /version 2, not 1/,
  ],
  [
    'not-supported',
    () => new NotSupportedError('no log here'),
    501,
    'ANNALS_NOT_SUPPORTED',
    /does not support/,
  ],
  [
    'operational',
    () => new OperationalError('db at 10.1.2.3 down'),
    503,
    'ANNALS_OPERATIONAL',
    /retry later/,
  ],
  ['closed', () => new ClosedError('application Bank'), 503, 'ANNALS_CLOSED', /retry later/],
  [
    'projection-not-found',
    () => new ProjectionNotFoundError('balances'),
    404,
    'ANNALS_PROJECTION_NOT_FOUND',
    'no projection is named "balances"',
  ],
  [
    'timeout',
    () => new TimeoutError('projection balances had not processed position 7 after 50 ms', 50),
    503,
    'ANNALS_TIMEOUT',
    'The service has not caught up yet; retry shortly.',
  ],
  ['topic', () => new TopicNotFoundError('Secret.Topic'), 500, 'ANNALS_TOPIC_NOT_FOUND', /could not handle/],
  [
    'configuration',
    () => new ConfigurationError('cipherKey', 'key abc'),
    500,
    'ANNALS_CONFIGURATION',
    /could not handle/,
  ],
  ['integrity', () => new IntegrityError('tampered'), 500, 'ANNALS_INTEGRITY', /could not handle/],
  ['unknown', () => new Error('password=hunter2'), 500, 'ANNALS_INTERNAL', /could not handle/],
  ['not-an-error', () => 'a string', 500, 'ANNALS_INTERNAL', /could not handle/],
];

test('each Annals error code answers its status as problem+json, from sync and async handlers', async (t) => {
  const errors = Object.fromEntries(cases.map(([name, make]) => [name, make]));
  const http = await startHttp(t, throwing(errors));
  for (const [name, , status, code, detail] of cases) {
    for (const kind of ['sync', 'async']) {
      const answer = await http.get(`/${kind}/${name}?token=abc`);
      t.is(answer.status, status, name);
      t.regex(answer.headers.get('content-type') ?? '', /^application\/problem\+json/, name);
      const problem = answer.body as Problem;
      t.is(problem.code, code, name);
      t.is(problem.type, `urn:annals:problem:${code}`, name);
      t.is(problem.status, status, name);
      t.is(problem.instance, `/${kind}/${name}`, name);
      t.is(typeof problem.title, 'string', name);
      if (typeof detail === 'string') t.is(problem.detail, detail, name);
      else t.regex(problem.detail, detail, name);
    }
  }
});

test('a timeout answers 503 with Retry-After, so the client tries again once the service caught up', async (t) => {
  const http = await startHttp(
    t,
    throwing({ timeout: () => new TimeoutError('projection balances had not processed 7', 50) }),
  );
  const answer = await http.get('/async/timeout');
  t.is(answer.status, 503);
  t.is(answer.headers.get('retry-after'), '1');
  t.notRegex(JSON.stringify(answer.body), /balances/);
  t.is((await http.get('/async/none')).headers.get('retry-after'), null);
});

test('5xx answers leak nothing of the error, which goes to the logger instead; 4xx are not logged', async (t) => {
  const logger = spyLogger();
  const secret = new Error('password=hunter2');
  const http = await startHttp(
    t,
    throwing(
      {
        secret: () => secret,
        down: () => new OperationalError('db at 10.1.2.3 down'),
        bad: () => new ValidationError('no'),
      },
      { logger },
    ),
  );
  const answer = await http.post('/sync/secret', { x: 1 });
  t.is(answer.status, 500);
  t.notRegex(JSON.stringify(answer.body), /hunter2/);
  t.deepEqual(answer.body, {
    type: 'urn:annals:problem:ANNALS_INTERNAL',
    title: 'Internal Server Error',
    status: 500,
    detail: 'The server could not handle the request.',
    instance: '/sync/secret',
    code: 'ANNALS_INTERNAL',
  });
  t.notRegex(JSON.stringify((await http.get('/sync/down')).body), /10\.1\.2\.3/);
  await http.get('/sync/bad');
  t.deepEqual(
    logger.lines.map(({ level, message }) => [level, message]),
    [
      ['error', 'the request failed'],
      ['warn', 'the request failed'],
    ],
  );
  t.like(logger.lines[0]?.fields, { method: 'POST', path: '/sync/secret', status: 500 });
  t.is(logger.lines[0]?.fields['err'], secret);
});

test('a malformed JSON body answers 400 with a validation problem', async (t) => {
  const http = await startHttp(t, throwing({}));
  const answer = await http.post('/sync/none', '{"amount": 1,', { 'content-type': 'application/json' });
  t.is(answer.status, 400);
  const problem = answer.body as Problem;
  t.is(problem.code, 'ANNALS_VALIDATION');
  t.regex(problem.detail, /^malformed JSON body: /);
  t.is(problem.title, 'Bad Request');
});

test('a JSON body that is valid but not an object answers 400 saying so, not that it is invalid JSON', async (t) => {
  const http = await startHttp(t, throwing({}));
  for (const [body, kind] of [
    ['null', 'null'],
    [' 42', 'a number'],
    ['"text"', 'a string'],
    ['true', 'a boolean'],
  ]) {
    const answer = await http.post('/sync/none', body, { 'content-type': 'application/json' });
    t.is(answer.status, 400, body);
    t.like(answer.body, {
      code: 'ANNALS_VALIDATION',
      title: 'Bad Request',
      detail: `the JSON body is ${kind}, not an object or array`,
    });
  }
});

test('other refused requests keep their status, e.g. 413 for a body over the limit', async (t) => {
  const http = await startHttp(t, throwing({}));
  const answer = await http.post('/sync/none', { text: 'x'.repeat(100) });
  t.is(answer.status, 413);
  t.like(answer.body, { code: 'ANNALS_REQUEST_REJECTED', title: 'Payload Too Large' });
});

test('statuses of your own codes, and changed built-in ones, are used', async (t) => {
  class SoldOutError extends AnnalsError {
    constructor() {
      super('SHOP_SOLD_OUT', 'the last one went an hour ago');
    }
  }
  const http = await startHttp(
    t,
    throwing(
      { soldOut: () => new SoldOutError(), invalid: () => new ValidationError('bad') },
      { statuses: { SHOP_SOLD_OUT: 409, ANNALS_VALIDATION: 422 } },
    ),
  );
  const soldOut = await http.get('/sync/soldOut');
  t.is(soldOut.status, 409);
  t.like(soldOut.body, { code: 'SHOP_SOLD_OUT', detail: 'the last one went an hour ago', title: 'Conflict' });
  t.is((await http.get('/sync/invalid')).status, 422);
});

test('an error after the answer began cuts the connection instead of sending a problem', async (t) => {
  const logger = spyLogger();
  const http = await startHttp(t, throwing({}, { logger }));
  await t.throwsAsync(async () => {
    const response = await fetch(`${http.url}/half`);
    await response.text();
  });
  t.is(logger.lines[0]?.level, 'error');
});
