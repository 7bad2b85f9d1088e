import test from 'ava';
import { ValidationError } from '../errors/index.js';
import type { AppendOptions } from './active-record-strategy.js';
import type { OutboxMessage, StoredEvent } from './records.js';
import {
  assertUuid,
  assertVersion,
  isUuid,
  MAX_POSITION,
  MAX_VERSION,
  validateAppend,
  validateNotificationQuery,
  validateProcessedMessages,
  validateRange,
} from './validation.js';

const A = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
const B = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c';

const event = (originatorVersion: number, originatorId = A, topic = 'T'): StoredEvent => ({
  originatorId,
  originatorVersion,
  topic,
  state: new Uint8Array([123, 125]),
});
const message = (id: string): OutboxMessage => ({
  id,
  orderingKey: 'k',
  exchange: 'x',
  routingKey: 'T',
  contentType: 'application/json',
  body: new Uint8Array([1]),
});

test('isUuid accepts canonical UUIDs of any version and case, and nothing else', (t) => {
  for (const ok of [
    A,
    A.toUpperCase(),
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-4fff-bfff-ffffffffffff',
  ]) {
    t.true(isUuid(ok), ok);
  }
  for (const bad of [
    '',
    'not-a-uuid',
    A.replaceAll('-', ''),
    `{${A}}`,
    `${A} `,
    ` ${A}`,
    `${A}\n`,
    A.slice(1),
    `${A}0`,
    42,
    null,
    undefined,
  ]) {
    t.false(isUuid(bad), String(bad));
  }
});

test('assertUuid and assertVersion name what they check', (t) => {
  t.throws(() => assertUuid('x', 'aggregate id'), {
    instanceOf: ValidationError,
    message: /aggregate id must be a UUID/,
  });
  t.throws(() => assertVersion(0, 'version'), {
    instanceOf: ValidationError,
    message: /version must be an integer from 1 to 2147483647/,
  });
  t.notThrows(() => assertVersion(MAX_VERSION));
  t.throws(() => assertVersion(2 ** 31), { instanceOf: ValidationError, message: /from 1 to 2147483647/ });
  t.throws(() => assertVersion('1'), { instanceOf: ValidationError });
});

test('a valid batch of several aggregates is accepted', (t) => {
  t.notThrows(() => validateAppend([event(1), event(1, B), event(2), event(2, B), event(3)]));
  t.notThrows(() => validateAppend([event(5), event(6)]));
});

test('an empty batch without tracking or outbox is refused', (t) => {
  t.throws(() => validateAppend([]), { instanceOf: ValidationError, message: /empty/ });
  t.throws(() => validateAppend([], {}), { instanceOf: ValidationError });
  t.throws(() => validateAppend([], { outbox: [] }), { instanceOf: ValidationError });
});

test('an append of only a tracking record, or only outbox messages, is accepted', (t) => {
  t.notThrows(() => validateAppend([], { tracking: { application: 'upstream', position: 1 } }));
  t.notThrows(() => validateAppend([], { outbox: [message('m1')] }));
});

test('an id that is not a UUID is refused', (t) => {
  for (const id of ['', 'abc', '12345', A.slice(0, -1)]) {
    t.throws(() => validateAppend([event(1, id)]), { instanceOf: ValidationError, message: /UUID/ }, id);
  }
});

test('versions 0, -1 and 1.5 (and other non-integers) are refused', (t) => {
  for (const version of [0, -1, 1.5, Number.NaN, Infinity]) {
    t.throws(
      () => validateAppend([event(version)]),
      { instanceOf: ValidationError, message: /integer from 1 to/ },
      String(version),
    );
  }
});

test('versions of one aggregate within a batch must be consecutive', (t) => {
  t.throws(() => validateAppend([event(1), event(3)]), {
    instanceOf: ValidationError,
    message: /consecutive/,
  });
  t.throws(() => validateAppend([event(2), event(1)]), {
    instanceOf: ValidationError,
    message: /consecutive/,
  });
  t.throws(() => validateAppend([event(1), event(1, B), event(3)]), {
    instanceOf: ValidationError,
    message: /consecutive/,
  });
});

test('a duplicate version within a batch is refused', (t) => {
  t.throws(() => validateAppend([event(1), event(1)]), { instanceOf: ValidationError });
  t.throws(() => validateAppend([event(4), event(5), event(5)]), { instanceOf: ValidationError });
});

test('an empty topic or state that is not a Uint8Array is refused', (t) => {
  t.throws(() => validateAppend([event(1, A, '')]), { instanceOf: ValidationError, message: /topic/ });
  const noBytes = { ...event(1), state: [1, 2] } as unknown as StoredEvent;
  t.throws(() => validateAppend([noBytes]), { instanceOf: ValidationError, message: /Uint8Array/ });
});

test('an id or topic is checked in every event of a batch, not only the first', (t) => {
  t.throws(() => validateAppend([event(1), event(1, 'not-a-uuid')]), {
    instanceOf: ValidationError,
    message: /originatorId must be a UUID/,
  });
  t.throws(() => validateAppend([event(1), event(2, A, '')]), {
    instanceOf: ValidationError,
    message: /topic of .* v2/,
  });
  const noId = { ...event(1), originatorId: undefined } as unknown as StoredEvent;
  t.throws(() => validateAppend([noId]), { instanceOf: ValidationError, message: /originatorId/ });
});

test('a malformed tracking record is refused', (t) => {
  const bad: AppendOptions['tracking'][] = [
    { application: '', position: 1 },
    { application: 'up', position: 0 },
    { application: 'up', position: -3 },
    { application: 'up', position: 2.5 },
    { application: 42, position: 1 } as unknown as AppendOptions['tracking'],
  ];
  for (const tracking of bad) {
    t.throws(
      () => validateAppend([event(1)], { tracking }),
      { instanceOf: ValidationError, message: /tracking/ },
      JSON.stringify(tracking),
    );
    t.throws(
      () => validateAppend([], { tracking }),
      { instanceOf: ValidationError },
      JSON.stringify(tracking),
    );
  }
});

test('duplicate or empty outbox ids are refused', (t) => {
  t.throws(() => validateAppend([event(1)], { outbox: [message('m1'), message('m2'), message('m1')] }), {
    instanceOf: ValidationError,
    message: /unique/,
  });
  t.throws(() => validateAppend([], { outbox: [message('')] }), { instanceOf: ValidationError });
  for (const field of ['orderingKey', 'routingKey', 'contentType'] as const) {
    t.throws(() => validateAppend([], { outbox: [{ ...message('m'), [field]: '' }] }), {
      instanceOf: ValidationError,
      message: new RegExp(field),
    });
  }
  const badEvent = { ...message('m'), event: { originatorId: 'nope', originatorVersion: 1 } };
  t.throws(() => validateAppend([], { outbox: [badEvent] }), {
    instanceOf: ValidationError,
    message: /UUID/,
  });
  const textBody = { ...message('m'), body: 'x' } as unknown as OutboxMessage;
  t.throws(() => validateAppend([], { outbox: [textBody] }), { instanceOf: ValidationError });
  t.notThrows(() => validateAppend([event(1)], { outbox: [message('m1'), message('m2')] }));
});

test('validateRange accepts integers >= 0 and refuses anything else', (t) => {
  t.notThrows(() => validateRange({}));
  t.notThrows(() => validateRange({ gt: 0, lte: 0, limit: 0 }));
  for (const key of ['gt', 'lte', 'limit'] as const) {
    for (const value of [-1, 0.5, Number.NaN]) {
      t.throws(() => validateRange({ [key]: value }), {
        instanceOf: ValidationError,
        message: new RegExp(key),
      });
    }
  }
});

test('validateNotificationQuery needs start and limit >= 1 and an integer stop', (t) => {
  t.notThrows(() => validateNotificationQuery({ start: 1, limit: 1 }));
  t.notThrows(() => validateNotificationQuery({ start: 3, limit: 10, stop: 0 }));
  t.throws(() => validateNotificationQuery({ start: 0, limit: 1 }), {
    instanceOf: ValidationError,
    message: /start/,
  });
  t.throws(() => validateNotificationQuery({ start: 1, limit: 0 }), {
    instanceOf: ValidationError,
    message: /limit/,
  });
  t.throws(() => validateNotificationQuery({ start: 1, limit: 1, stop: 1.5 }), {
    instanceOf: ValidationError,
    message: /stop/,
  });
});

test('ids must be UUIDs in lower case, the one spelling every store agrees on', (t) => {
  t.throws(() => validateAppend([event(1, A.toUpperCase())]), {
    instanceOf: ValidationError,
    message: /originatorId must be in lower case/,
  });
  t.notThrows(() => validateAppend([event(1, A)]));
});

test('a version every store holds: up to 2^31 - 1, and positions up to 2^53 - 1', (t) => {
  t.notThrows(() => validateAppend([event(MAX_VERSION)]));
  t.throws(() => validateAppend([event(2 ** 31)]), {
    instanceOf: ValidationError,
    message: /originatorVersion/,
  });
  t.notThrows(() => validateAppend([], { tracking: { application: 'up', position: MAX_POSITION } }));
  t.throws(() => validateNotificationQuery({ start: 1, limit: 2 ** 53 }), {
    instanceOf: ValidationError,
    message: /limit/,
  });
});

test('text that no store holds exactly is refused, naming the field and the rule', (t) => {
  const cases: [string, () => void, RegExp][] = [
    [
      'a lone surrogate in a topic',
      () => validateAppend([event(1, A, 'T\ud800')]),
      /topic .*well-formed Unicode/,
    ],
    ['NUL in a topic', () => validateAppend([event(1, A, 'T\u0000x')]), /topic .*NUL/],
    [
      'NUL in a tracking name',
      () => validateAppend([], { tracking: { application: 'a\u0000', position: 1 } }),
      /tracking.application .*NUL/,
    ],
    [
      'a lone surrogate in an outbox id',
      () => validateAppend([], { outbox: [message('m\udc00')] }),
      /outbox message id .*well-formed/,
    ],
    [
      'NUL in a topic filter',
      () => validateNotificationQuery({ start: 1, limit: 1, topics: ['T\u0000'] }),
      /topic of the query .*NUL/,
    ],
    [
      'NUL in a processed message id',
      () => validateProcessedMessages('consumer', ['m\u0000']),
      /message id .*NUL/,
    ],
  ];
  for (const [what, attempt, rule] of cases)
    t.throws(attempt, { instanceOf: ValidationError, message: rule }, what);
  t.notThrows(() => validateAppend([event(1, A, 'Emoji.😀.Ünïcödé')]), 'paired surrogates are well-formed');
});
