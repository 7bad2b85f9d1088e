import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { BankAccount } from '../domain/index.js';

/** One row of the balances read model. */
export interface Balance {
  readonly accountId: string;
  readonly owner: string;
  readonly balance: number;
  readonly version: number;
}

interface BalanceRow {
  account_id: string;
  owner: string;
  balance: number | string;
  version: number | string;
}

/**
 * The balances of all accounts in a table of their own, written in the same SQL transaction as the events
 * that changed them: the table never shows a balance whose events were not stored, nor misses one that was.
 */
export class Balances {
  readonly #em: EntityManager;

  /** @param orm the ORM the bank's strategy stores its events through, on SQLite or PostgreSQL */
  constructor(orm: MikroORM) {
    // A SQL driver's entity manager, which can run SQL of its own.
    this.#em = orm.em as EntityManager;
  }

  async migrate(): Promise<void> {
    await this.#em.execute(
      `CREATE TABLE IF NOT EXISTS bank_balances (
        account_id VARCHAR(36) PRIMARY KEY,
        owner TEXT NOT NULL,
        balance BIGINT NOT NULL,
        version INTEGER NOT NULL
      )`,
    );
  }

  /** Runs `store` (which saves the accounts' events) and updates their rows, in one transaction. */
  async storeWith<T>(accounts: readonly BankAccount[], store: () => Promise<T>): Promise<T> {
    return this.#em.transactional(
      async (em) => {
        const stored = await store();
        for (const account of accounts) {
          await em.execute(
            `INSERT INTO bank_balances (account_id, owner, balance, version) VALUES (?, ?, ?, ?)
             ON CONFLICT (account_id) DO UPDATE
             SET owner = excluded.owner, balance = excluded.balance, version = excluded.version`,
            [account.id, account.owner, account.balance, account.version],
          );
        }
        return stored;
      },
      { propagation: 'required' },
    );
  }

  async list(): Promise<Balance[]> {
    const rows = await this.#em.execute<BalanceRow[]>(
      'SELECT account_id, owner, balance, version FROM bank_balances ORDER BY owner, account_id',
    );
    return rows.map((row) => ({
      accountId: row.account_id,
      owner: row.owner,
      balance: Number(row.balance),
      version: Number(row.version),
    }));
  }
}
