import test from 'ava';
import { specify } from '@annals/testing';
import { BankAccount } from './bank-account.js';
import { AccountClosedError, InsufficientFundsError } from './errors.js';
import { AccountClosed, AccountOpened, MoneyDeposited, MoneyWithdrawn } from './events.js';

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
