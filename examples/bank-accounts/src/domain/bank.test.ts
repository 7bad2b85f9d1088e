import test from 'ava';
import { isRecordConflictError, isValidationError } from '@annals/core';
import { useApplication } from '@annals/testing';
import { Bank } from './bank.js';

const bank = useApplication(test, ({ strategy }) => new Bank({ strategy }));

test('a transfer moves money between two accounts in one save', async (t) => {
  const alice = await bank(t).openAccount('Alice', 1_000);
  const bob = await bank(t).openAccount('Bob');
  const recordings = await bank(t).transfer(alice.id, bob.id, 700);
  t.deepEqual(
    recordings.map((r) => r.event.topic),
    ['BankAccount.Withdrawn', 'BankAccount.Deposited'],
  );
  t.is((await bank(t).account(alice.id)).balance, -700);
  t.is((await bank(t).account(bob.id)).balance, 700);
});

test('a refused transfer stores nothing for either account', async (t) => {
  const alice = await bank(t).openAccount('Alice', 1_000);
  const bob = await bank(t).openAccount('Bob');
  t.true(isValidationError(await t.throwsAsync(bank(t).transfer(alice.id, bob.id, 1_001))));
  t.is((await bank(t).account(alice.id)).version, 1);
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
