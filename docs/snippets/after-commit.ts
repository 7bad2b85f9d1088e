import { InMemoryStrategy } from '@annals/core';
import { Bank, BankAccount } from './bank.js';

const strategy = new InMemoryStrategy();
// #region after-commit
const bank = new Bank({ strategy });
const committed: string[] = [];
bank.bus.subscribe((recordings) => {
  for (const { event, position } of recordings) committed.push(`${event.topic} at ${position}`);
});
await strategy.transaction(async () => {
  await bank.save(BankAccount.open('Ada')); // nothing is told yet: the transaction may still roll back
}); // told here, once, after the commit
// #endregion after-commit
await bank.close();
