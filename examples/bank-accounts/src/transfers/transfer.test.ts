import test from 'ava';
import { isValidationError } from '@annals/core';
import { specify } from '@annals/testing';
import { TransferStepError } from './errors.js';
import {
  CompensationRequested,
  TransferCompensated,
  TransferDebited,
  TransferRejected,
  TransferRequested,
} from './events.js';
import { Transfer } from './transfer.js';

const from = '0190c2a8-8d1e-7c4e-9d6a-000000000001';
const to = '0190c2a8-8d1e-7c4e-9d6a-000000000002';

test('requesting a transfer between two accounts', (t) => {
  specify(t, Transfer)
    .when(() => Transfer.request(from, to, 700))
    .then(TransferRequested, { from, to, amount: 700 });
});

test('a transfer from an account to itself is refused', (t) => {
  t.true(isValidationError(t.throws(() => Transfer.request(from, from, 700))));
});

test('the source refusing to pay rejects the transfer', (t) => {
  specify(t, Transfer)
    .given(TransferRequested, { from, to, amount: 700 })
    .when((transfer) => transfer.refuse('insufficient funds'))
    .then(TransferRejected, { reason: 'insufficient funds' });
});

test('the destination refusing the money asks for it to go back to the source', (t) => {
  specify(t, Transfer)
    .given(TransferRequested, { from, to, amount: 700 })
    .given(TransferDebited, { to, amount: 700 })
    .when((transfer) => transfer.refuse('account closed'))
    .then(CompensationRequested, { from, amount: 700, reason: 'account closed' });
});

test('the money back compensates the transfer', (t) => {
  specify(t, Transfer)
    .given(TransferRequested, { from, to, amount: 700 })
    .given(TransferDebited, { to, amount: 700 })
    .given(CompensationRequested, { from, amount: 700, reason: 'account closed' })
    .when((transfer) => transfer.markCompensated())
    .then(TransferCompensated, {});
});

test('a compensated transfer cannot complete', (t) => {
  specify(t, Transfer)
    .given(TransferRequested, { from, to, amount: 700 })
    .given(TransferDebited, { to, amount: 700 })
    .given(CompensationRequested, { from, amount: 700, reason: 'account closed' })
    .given(TransferCompensated, {})
    .when((transfer) => transfer.complete())
    .thenThrows(TransferStepError);
});
