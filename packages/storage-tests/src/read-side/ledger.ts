import { Aggregate, Application, DomainEvent, Policy, ProcessApplication, Projection } from '@annals/core';
import type { EntityManager } from '@mikro-orm/sql';

export class Opened extends DomainEvent<{ owner: string }> {
  static override readonly topic = 'LedgerAccount.Opened';
}
export class Deposited extends DomainEvent<{ amount: number }> {
  static override readonly topic = 'LedgerAccount.Deposited';
}

export class LedgerAccount extends Aggregate {
  static override readonly topic = 'LedgerAccount';
  static override readonly events = [Opened, Deposited];
  balance = 0;

  static open(owner: string): LedgerAccount {
    const account = new LedgerAccount();
    account.trigger(Opened, { owner });
    return account;
  }
  deposit(amount: number): void {
    this.trigger(Deposited, { amount });
  }
  protected override apply(event: DomainEvent): void {
    if (event instanceof Deposited) this.balance += event.payload.amount;
  }
}

export class Ledger extends Application {
  static override readonly aggregates = [LedgerAccount];
}

/** The table of one generation of the totals read model. */
export const totalsTable = (generation: number): string => `account_totals_g${generation}`;

/**
 * One row per account: its balance, and how many events changed it. The writes are deliberately not
 * idempotent, so an event applied twice shows in `applied`, and one skipped shows too.
 */
export function accountTotals(options: { delayMs?: number; onEvent?: (position: number) => void } = {}) {
  return new Projection<EntityManager>('account-totals')
    .setUp(async (em, generation) => {
      await em.execute(
        `CREATE TABLE IF NOT EXISTS ${totalsTable(generation)} ` +
          `(account_id varchar(36) PRIMARY KEY, balance bigint NOT NULL, applied integer NOT NULL)`,
      );
    })
    .tearDown(async (em, generation) => {
      await em.execute(`DROP TABLE IF EXISTS ${totalsTable(generation)}`);
    })
    .on(Opened, async (event, em, { generation, position }) => {
      options.onEvent?.(position);
      await em.execute(
        `INSERT INTO ${totalsTable(generation)} (account_id, balance, applied) VALUES (?, 0, 1)`,
        [event.originatorId],
      );
    })
    .on(Deposited, async (event, em, { generation, position }) => {
      options.onEvent?.(position);
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      await em.execute(
        `UPDATE ${totalsTable(generation)} SET balance = balance + ?, applied = applied + 1 WHERE account_id = ?`,
        [event.payload.amount, event.originatorId],
      );
    });
}

export class Issued extends DomainEvent<{ account: string; position: number }> {
  static override readonly topic = 'Receipt.Issued';
}

export class Receipt extends Aggregate {
  static override readonly topic = 'Receipt';
  static override readonly events = [Issued];

  static issue(account: string, position: number): Receipt {
    const receipt = new Receipt();
    receipt.trigger(Issued, { account, position });
    return receipt;
  }
  protected override apply(): void {}
}

/** A receipt for every deposit; `beforeRecording` runs after the policy has loaded what it needs. */
export class Receipts extends ProcessApplication {
  static override readonly aggregates = [Receipt];
  static override readonly policy = new Policy<Receipts>().on(
    Deposited,
    async (receipts, event, processing) => {
      processing.collect(Receipt.issue(event.originatorId, processing.position));
      await receipts.beforeRecording(processing.position);
    },
  );
  beforeRecording: (position: number) => Promise<void> = async () => undefined;
}
