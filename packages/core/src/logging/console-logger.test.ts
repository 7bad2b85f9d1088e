import { recordTelemetry } from '@annals/test-support';
import { trace } from '@opentelemetry/api';
import test from 'ava';
import { consoleLogger } from './console-logger.js';
import { tracedLogger } from './traced-logger.js';

function capture(): { lines: string[]; destination: { write(line: string): void } } {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => lines.push(line) } };
}

test('in JSON, each record is one line with its time, level, message, bindings and fields', (t) => {
  const { lines, destination } = capture();
  const logger = consoleLogger({ format: 'json', destination, fields: { service: 'bank' } });
  const error = Object.assign(new Error('refused'), { code: 'ANNALS_OPERATIONAL' });
  logger.child({ application: 'Bank' }).warn({ position: 42, err: error }, 'claiming outbox rows failed');

  t.is(lines.length, 1);
  t.true(lines[0]?.endsWith('\n'));
  const record = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
  t.like(record, {
    level: 'warn',
    msg: 'claiming outbox rows failed',
    service: 'bank',
    application: 'Bank',
    position: 42,
    err: { type: 'Error', message: 'refused', code: 'ANNALS_OPERATIONAL' },
  });
  t.false(Number.isNaN(Date.parse(String(record['time']))));
});

test('in text, a record is a readable line with its fields as key=value', (t) => {
  const { lines, destination } = capture();
  consoleLogger({ format: 'text', destination }).error(
    { aggregate: 'a1', note: 'two words' },
    'snapshot failed',
  );
  t.regex(lines[0] ?? '', /^\S+Z ERROR snapshot failed {2}aggregate=a1 note="two words"\n$/);
});

test('records below the level are not written; debug is off by default', (t) => {
  const { lines, destination } = capture();
  const logger = consoleLogger({ format: 'json', destination });
  logger.debug({}, 'detail');
  consoleLogger({ format: 'json', destination, level: 'error' }).warn({}, 'handled');
  t.deepEqual(lines, []);
  logger.info({}, 'step');
  t.is(lines.length, 1);
});

test('the format is JSON when NODE_ENV is production, text otherwise', (t) => {
  const before = process.env['NODE_ENV'];
  t.teardown(() => {
    if (before === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = before;
  });
  const { lines, destination } = capture();
  process.env['NODE_ENV'] = 'production';
  consoleLogger({ destination }).info({}, 'json');
  process.env['NODE_ENV'] = 'development';
  consoleLogger({ destination }).info({}, 'text');
  t.is((JSON.parse(lines[0] ?? '') as { msg: string }).msg, 'json');
  t.regex(lines[1] ?? '', /INFO {2}text\n$/);
});

test('inside a span, a traced logger adds its trace and span ids to each record', (t) => {
  recordTelemetry();
  const { lines, destination } = capture();
  const logger = tracedLogger(consoleLogger({ format: 'json', destination })).child({ component: 'relay' });
  logger.info({}, 'outside');
  const ids = trace.getTracer('test').startActiveSpan('work', (span) => {
    logger.info({ messageId: 'm1' }, 'inside');
    span.end();
    return span.spanContext();
  });
  const [outside, inside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  t.is(outside?.['traceId'], undefined);
  t.like(inside, { traceId: ids.traceId, spanId: ids.spanId, messageId: 'm1', component: 'relay' });
});
