import test from 'ava';
import cassandra from 'cassandra-driver';
import { isOutcomeUnknown } from './outcome.js';

const { errors, types } = cassandra;
const codes = types.responseErrorCodes;
const response = (code: number, extra: object = {}) =>
  Object.assign(new errors.ResponseError(code, 'from the coordinator'), extra);

test('timeouts, lost connections and server errors leave a conditional write undecided', (t) => {
  for (const writeType of ['CAS', 'SIMPLE', 'BATCH', 'UNLOGGED_BATCH']) {
    t.true(isOutcomeUnknown(response(codes.writeTimeout, { writeType })), writeType);
  }
  t.true(isOutcomeUnknown(response(codes.writeFailure)));
  t.true(isOutcomeUnknown(response(codes.readTimeout)));
  t.true(isOutcomeUnknown(response(codes.unavailableException)), 'the commit phase can be unavailable');
  t.true(isOutcomeUnknown(response(codes.serverError)));
  t.true(isOutcomeUnknown(new errors.OperationTimedOutError('no reply', '127.0.0.1:9042')));
  t.true(isOutcomeUnknown(new Error('Socket was closed')));
});

test('refusals before execution are known failures', (t) => {
  t.false(isOutcomeUnknown(new errors.NoHostAvailableError({})));
  t.false(isOutcomeUnknown(new errors.ArgumentError('bad value')));
  t.false(isOutcomeUnknown(new TypeError('Not a valid Uuid')));
  for (const code of [
    codes.syntaxError,
    codes.invalid,
    codes.unauthorized,
    codes.overloaded,
    codes.isBootstrapping,
  ]) {
    t.false(isOutcomeUnknown(response(code)), `0x${code.toString(16)}`);
  }
});
