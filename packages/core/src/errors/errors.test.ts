import test from 'ava';
import {
  AggregateNotFoundError,
  AnnalsError,
  ClosedError,
  ConfigurationError,
  ErrorCode,
  IntegrityError,
  isAggregateNotFoundError,
  isAnnalsError,
  isConfigurationError,
  isIntegrityError,
  isNotSupportedError,
  isOperationalError,
  isProjectionNotFoundError,
  isRecordConflictError,
  isTimeoutError,
  isTopicNotFoundError,
  isValidationError,
  NotSupportedError,
  OperationalError,
  ProjectionNotFoundError,
  RecordConflictError,
  TimeoutError,
  TopicNotFoundError,
  ValidationError,
} from './index.js';

const guards = {
  [ErrorCode.validation]: isValidationError,
  [ErrorCode.configuration]: isConfigurationError,
  [ErrorCode.conflict]: isRecordConflictError,
  [ErrorCode.notFound]: isAggregateNotFoundError,
  [ErrorCode.topicNotFound]: isTopicNotFoundError,
  [ErrorCode.integrity]: isIntegrityError,
  [ErrorCode.operational]: isOperationalError,
  [ErrorCode.notSupported]: isNotSupportedError,
  [ErrorCode.projectionNotFound]: isProjectionNotFoundError,
  [ErrorCode.timeout]: isTimeoutError,
} as const;

const examples: readonly [AnnalsError, string, string][] = [
  [new ValidationError('v'), 'ANNALS_VALIDATION', 'ValidationError'],
  [new ConfigurationError('compression', 'c'), 'ANNALS_CONFIGURATION', 'ConfigurationError'],
  [new RecordConflictError('r'), 'ANNALS_RECORD_CONFLICT', 'RecordConflictError'],
  [
    new AggregateNotFoundError('0190a1b2-0000-7000-8000-000000000000'),
    'ANNALS_AGGREGATE_NOT_FOUND',
    'AggregateNotFoundError',
  ],
  [new TopicNotFoundError('Some.Topic'), 'ANNALS_TOPIC_NOT_FOUND', 'TopicNotFoundError'],
  [new IntegrityError('i'), 'ANNALS_INTEGRITY', 'IntegrityError'],
  [new OperationalError('o'), 'ANNALS_OPERATIONAL', 'OperationalError'],
  [new NotSupportedError('n'), 'ANNALS_NOT_SUPPORTED', 'NotSupportedError'],
  [new ClosedError('thing'), 'ANNALS_CLOSED', 'ClosedError'],
  [new ProjectionNotFoundError('balances'), 'ANNALS_PROJECTION_NOT_FOUND', 'ProjectionNotFoundError'],
  [new TimeoutError('t', 10), 'ANNALS_TIMEOUT', 'TimeoutError'],
];

test('error codes are the stable strings callers branch on', (t) => {
  t.deepEqual(
    { ...ErrorCode },
    {
      validation: 'ANNALS_VALIDATION',
      configuration: 'ANNALS_CONFIGURATION',
      conflict: 'ANNALS_RECORD_CONFLICT',
      notFound: 'ANNALS_AGGREGATE_NOT_FOUND',
      topicNotFound: 'ANNALS_TOPIC_NOT_FOUND',
      integrity: 'ANNALS_INTEGRITY',
      operational: 'ANNALS_OPERATIONAL',
      notSupported: 'ANNALS_NOT_SUPPORTED',
      closed: 'ANNALS_CLOSED',
      projectionNotFound: 'ANNALS_PROJECTION_NOT_FOUND',
      timeout: 'ANNALS_TIMEOUT',
    },
  );
});

test('each error class carries its code and name and is an Error', (t) => {
  for (const [error, code, name] of examples) {
    t.is(error.code, code, name);
    t.is(error.name, name);
    t.true(error instanceof Error);
    t.true(error instanceof AnnalsError);
    t.true(isAnnalsError(error), name);
    t.true(typeof error.stack === 'string');
  }
});

test('each guard accepts exactly the errors with its code', (t) => {
  for (const [error] of examples) {
    for (const [code, guard] of Object.entries(guards)) {
      t.is(guard(error), error.code === code, `${guard.name || code} on ${error.name}`);
    }
  }
});

test('guards recognise an error from another copy of the package by marker and code, not instanceof', (t) => {
  for (const [code, guard] of Object.entries(guards)) {
    // What a second copy of @annals/core would create: a different class, the same registered marker.
    class ForeignError extends Error {
      readonly code = code;
      constructor(message: string) {
        super(message);
        Object.defineProperty(this, Symbol.for('annals.error'), { value: true });
      }
    }
    const foreign = new ForeignError('from another copy');
    t.false(foreign instanceof AnnalsError);
    t.true(isAnnalsError(foreign), code);
    t.true(guard(foreign), code);
    const plainObject = { code, [Symbol.for('annals.error')]: true };
    t.true(guard(plainObject), `plain object with ${code}`);
  }
});

test('guards refuse look-alikes without the marker, with a non-true marker, or with a non-string code', (t) => {
  const withoutMarker = Object.assign(new Error('x'), { code: ErrorCode.validation });
  t.false(isAnnalsError(withoutMarker));
  t.false(isValidationError(withoutMarker));
  t.false(isValidationError({ code: ErrorCode.validation, [Symbol.for('annals.error')]: 'yes' }));
  t.false(isValidationError({ code: ErrorCode.validation, [Symbol('annals.error')]: true }));
  t.false(isAnnalsError({ code: 42, [Symbol.for('annals.error')]: true }));
  for (const value of [null, undefined, 'ANNALS_VALIDATION', 0, new Error('ANNALS_VALIDATION')]) {
    t.false(isAnnalsError(value));
    t.false(isValidationError(value));
  }
  t.false(isValidationError(new IntegrityError('i')));
});

test('the cause is kept, including falsy causes, and absent when not given', (t) => {
  const root = new Error('root');
  t.is(new IntegrityError('i', { cause: root }).cause, root);
  t.is(new ConfigurationError('cipherKey', 'c', { cause: root }).cause, root);
  t.is(new AggregateNotFoundError('id', { cause: root }).cause, root);
  t.is(new TopicNotFoundError('T', { cause: root }).cause, root);
  t.is(new OperationalError('o', { cause: 0 }).cause, 0);
  t.true('cause' in new OperationalError('o', { cause: undefined }));
  t.false('cause' in new ValidationError('v'));
  t.false('cause' in new ValidationError('v', {}));
});

test('errors carry the details they name', (t) => {
  const configuration = new ConfigurationError('snapshotInterval', 'bad');
  t.is(configuration.setting, 'snapshotInterval');
  t.is(configuration.message, 'bad');
  const notFound = new AggregateNotFoundError('abc');
  t.is(notFound.aggregateId, 'abc');
  t.regex(notFound.message, /abc/);
  const topic = new TopicNotFoundError('Bank.Opened');
  t.is(topic.topic, 'Bank.Opened');
  t.regex(topic.message, /Bank\.Opened/);
  t.regex(new ClosedError('the pool').message, /the pool is closed/);
});
