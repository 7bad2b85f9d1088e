import { LedgerAccount, Ledger } from './ledger.js';
import type { Storage } from './storage.js';
import { openStrategy } from './storage.js';

/** A process that opens accounts and deposits into them, then exits. Arguments: the storage as JSON, and how many saves. */
const storage = JSON.parse(process.argv[2] ?? '') as Storage;
const saves = Number(process.argv[3] ?? 100);
const ledger = new Ledger({ strategy: openStrategy(storage) });
const accounts = Array.from({ length: 5 }, (_, index) => LedgerAccount.open(`owner ${process.pid}.${index}`));
await ledger.save(...accounts);
for (let index = 0; index < saves; index++) {
  const account = accounts[index % accounts.length] as LedgerAccount;
  account.deposit(1 + (index % 7));
  if (index % 3 === 0) account.deposit(10);
  await ledger.save(account);
}
await ledger.close();
