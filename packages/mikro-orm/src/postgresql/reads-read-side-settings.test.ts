import test from 'ava';
import { isConfigurationError, Settings, silentLogger } from '@annals/core';
import { postgresqlPersistence } from './postgresql-persistence.js';

test('a NOTIFY_COMMITS that is neither true nor false fails at start-up, naming the variable', (t) => {
  const settings = new Settings('bank', { BANK_NOTIFY_COMMITS: 'sometimes' });
  const error = t.throws(() => postgresqlPersistence({ name: 'bank', settings, logger: silentLogger }));
  t.true(isConfigurationError(error), String(error));
  t.regex(
    error?.message ?? '',
    /notifyCommits.*BANK_NOTIFY_COMMITS="sometimes".*expected one of true, false/,
  );
});

test('a LEASE_CHECK_INTERVAL that is not a positive integer fails at start-up, naming the variable', (t) => {
  const settings = new Settings('bank', { ANNALS_LEASE_CHECK_INTERVAL: '0' });
  const error = t.throws(() => postgresqlPersistence({ name: 'bank', settings, logger: silentLogger }));
  t.true(isConfigurationError(error), String(error));
  t.regex(error?.message ?? '', /leaseCheckInterval.*ANNALS_LEASE_CHECK_INTERVAL="0"/);
});
