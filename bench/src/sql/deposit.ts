/** The payload every contender stores: a deposit, about 150 bytes once encoded with its envelope. */
// A type rather than an interface: Emmett wants event data indexable by string.
export type Deposit = {
  readonly amount: number;
  readonly reference: string;
};

export const DEPOSIT_TOPIC = 'BankAccount.Deposited';

/** The deposit that takes an account to `version`; the same for every contender. */
export function depositFor(version: number): Deposit {
  return {
    amount: 100 + (version % 900),
    reference: `INV-${String(version).padStart(8, '0')} consulting services, March retainer, net 30 days`,
  };
}
