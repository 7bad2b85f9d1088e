export { BankAccount } from './bank-account.js';
export { Bank } from './bank.js';
export { AccountClosedError, InsufficientFundsError } from './errors.js';
export {
  AccountClosed,
  AccountOpened,
  MoneyDeposited,
  MoneyReceived,
  MoneyReturned,
  MoneySent,
  MoneyWithdrawn,
  TransferRefused,
} from './events.js';
export { moneyMoved } from './money-moved.js';
