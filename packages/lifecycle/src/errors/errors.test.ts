import test from 'ava';
import { isAnnalsError } from '@annals/core';
import {
  ApplicationAlreadyInitializedError,
  ApplicationClosedDuringInitError,
  ApplicationNotInitializedError,
  isApplicationAlreadyInitializedError,
  isApplicationClosedDuringInitError,
  isApplicationNotInitializedError,
  LifecycleErrorCode,
} from './index.js';

test('lifecycle errors carry stable codes and names', (t) => {
  t.deepEqual(
    { ...LifecycleErrorCode },
    {
      alreadyInitialized: 'ANNALS_APPLICATION_ALREADY_INITIALIZED',
      notInitialized: 'ANNALS_APPLICATION_NOT_INITIALIZED',
      closedDuringInit: 'ANNALS_APPLICATION_CLOSED_DURING_INIT',
    },
  );
  const cases = [
    [new ApplicationAlreadyInitializedError(), 'ApplicationAlreadyInitializedError'],
    [new ApplicationNotInitializedError('empty'), 'ApplicationNotInitializedError'],
    [new ApplicationClosedDuringInitError(), 'ApplicationClosedDuringInitError'],
  ] as const;
  for (const [error, name] of cases) {
    t.is(error.name, name);
    t.true(isAnnalsError(error));
  }
});

test('each guard accepts its code only, also from another copy of the package', (t) => {
  const guards = [
    [isApplicationAlreadyInitializedError, LifecycleErrorCode.alreadyInitialized],
    [isApplicationNotInitializedError, LifecycleErrorCode.notInitialized],
    [isApplicationClosedDuringInitError, LifecycleErrorCode.closedDuringInit],
  ] as const;
  for (const [guard, code] of guards) {
    for (const [, other] of guards) {
      // What another copy of the packages would throw: the registered marker and the code, another class.
      const foreign = Object.assign(new Error('foreign'), {
        code: other,
        [Symbol.for('annals.error')]: true,
      });
      t.is(guard(foreign), other === code);
    }
    t.false(guard(Object.assign(new Error('no marker'), { code })));
  }
});
