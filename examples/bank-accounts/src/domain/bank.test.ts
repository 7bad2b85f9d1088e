import test from 'ava';
import { isRecordConflictError, isValidationError } from '@annals/core';
import { useApplication } from '@annals/testing';
import { Bank } from './bank.js';

const bank = useApplication(test, ({ strategy }) => new Bank({ strategy }));

test('an account keeps what was deposited and withdrawn, up to its overdraft limit', async (t) => {
  const alice = await bank(t).openAccount('Alice', 1_000);
  await bank(t).deposit(alice.id, 500);
  await bank(t).withdraw(alice.id, 1_200);
  const account = await bank(t).account(alice.id);
  t.is(account.balance, -700);
  t.is(account.version, 3);
});

test('a refused withdrawal stores nothing', async (t) => {
  const bob = await bank(t).openAccount('Bob');
  t.true(isValidationError(await t.throwsAsync(bank(t).withdraw(bob.id, 1))));
  t.is((await bank(t).account(bob.id)).version, 1);
});

test('two concurrent updates of one account: the second save conflicts', async (t) => {
  const { id } = await bank(t).openAccount('Alice');
  const [first, second] = await Promise.all([bank(t).account(id), bank(t).account(id)]);
  first.deposit(1);
  second.deposit(2);
  await bank(t).save(first);
  t.true(isRecordConflictError(await t.throwsAsync(bank(t).save(second))));
});
