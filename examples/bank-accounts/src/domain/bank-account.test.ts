import test from 'ava';
import { specify } from '@annals/testing';
import { BankAccount } from './bank-account.js';
import { AccountClosedError, InsufficientFundsError } from './errors.js';
import {
  AccountClosed,
  AccountOpened,
  MoneyDeposited,
  MoneyReturned,
  MoneySent,
  MoneyWithdrawn,
  TransferRefused,
} from './events.js';

test('opening an account', (t) => {
  specify(t, BankAccount)
    .when(() => BankAccount.open('Alice', 5_000))
    .then(AccountOpened, { owner: 'Alice', overdraftLimit: 5_000 });
});

test('a withdrawal within the overdraft limit', (t) => {
  specify(t, BankAccount)
    .given(AccountOpened, { owner: 'Alice', overdraftLimit: 5_000 })
    .given(MoneyDeposited, { amount: 1_000, reference: 'salary' })
    .when((account) => account.withdraw(6_000, 'rent'))
    .then(MoneyWithdrawn, { amount: 6_000, reference: 'rent' });
});

test('a withdrawal beyond the overdraft limit is refused', (t) => {
  specify(t, BankAccount)
    .given(AccountOpened, { owner: 'Bob', overdraftLimit: 0 })
    .given(MoneyDeposited, { amount: 2_500, reference: 'deposit' })
    .when((account) => account.withdraw(2_501))
    .thenThrows(InsufficientFundsError);
});

test('a closed account takes no deposits', (t) => {
  specify(t, BankAccount)
    .given(AccountOpened, { owner: 'Bob', overdraftLimit: 0 })
    .given(AccountClosed, { reason: 'moved away' })
    .when((account) => account.deposit(1))
    .thenThrows(AccountClosedError);
});

const id = '0190c2a8-8d1e-7c4e-9d6a-3f1e2d3c4b5a';
const transferId = '0190c2a8-8d1e-7c4e-9d6a-000000000001';

test('an account sends a transfer it can pay', (t) => {
  specify(t, BankAccount, { id })
    .given(AccountOpened, { owner: 'Alice', overdraftLimit: 0 })
    .given(MoneyDeposited, { amount: 100, reference: 'deposit' })
    .when((account) => account.sendTransfer(transferId, 100))
    .then(MoneySent, { transferId, amount: 100 });
});

test('an account refuses to send a transfer it cannot pay, as an event', (t) => {
  specify(t, BankAccount, { id })
    .given(AccountOpened, { owner: 'Alice', overdraftLimit: 0 })
    .given(MoneyDeposited, { amount: 100, reference: 'deposit' })
    .when((account) => account.sendTransfer(transferId, 101))
    .then(TransferRefused, {
      transferId,
      reason: `account ${id} cannot pay 101: the balance is 100 and the overdraft limit 0`,
    });
});

test('a closed account refuses to receive a transfer, as an event', (t) => {
  specify(t, BankAccount, { id })
    .given(AccountOpened, { owner: 'Carol', overdraftLimit: 0 })
    .given(AccountClosed, { reason: 'moved away' })
    .when((account) => account.receiveTransfer(transferId, 100))
    .then(TransferRefused, { transferId, reason: `account ${id} is closed` });
});

test('an account closed since it sent a transfer takes the money back', (t) => {
  specify(t, BankAccount, { id })
    .given(AccountOpened, { owner: 'Alice', overdraftLimit: 0 })
    .given(MoneyDeposited, { amount: 100, reference: 'deposit' })
    .given(MoneySent, { transferId, amount: 100 })
    .given(AccountClosed, { reason: 'moved away' })
    .when((account) => account.returnTransfer(transferId, 100))
    .then(MoneyReturned, { transferId, amount: 100 });
});
