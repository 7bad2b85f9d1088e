export { BankAccount } from './bank-account.js';
export { Bank } from './bank.js';
export { AccountClosedError, InsufficientFundsError } from './errors.js';
export { AccountClosed, AccountOpened, MoneyDeposited, MoneyWithdrawn } from './events.js';
