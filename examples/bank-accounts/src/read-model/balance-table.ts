import type { EntityManager } from '@mikro-orm/sql';

/** One row of the balances read model. */
export interface Balance {
  readonly accountId: string;
  readonly owner: string;
  readonly balance: number;
  /** The version of the account the row reflects. */
  readonly version: number;
}

interface BalanceRow {
  account_id: string;
  owner: string;
  balance: number | string;
  version: number | string;
}

/**
 * The table of one generation of the balances read model, `bank_balances_<generation>`, in SQLite or
 * PostgreSQL, through an entity manager (in a projection handler, the batch transaction's). A row changes
 * only for a later version of its account, so applying an event twice changes it once.
 */
export class BalanceTable {
  readonly name: string;
  readonly #em: EntityManager;

  constructor(em: EntityManager, generation: number) {
    if (!Number.isSafeInteger(generation) || generation < 1) {
      throw new RangeError(`a generation is a whole number >= 1; got ${generation}`);
    }
    this.#em = em;
    this.name = `bank_balances_${generation}`;
  }

  async create(): Promise<void> {
    await this.#em.execute(
      `CREATE TABLE IF NOT EXISTS ${this.name} (
        account_id VARCHAR(36) PRIMARY KEY,
        owner TEXT NOT NULL,
        balance BIGINT NOT NULL,
        version INTEGER NOT NULL
      )`,
    );
  }

  async drop(): Promise<void> {
    await this.#em.execute(`DROP TABLE IF EXISTS ${this.name}`);
  }

  /** Adds the row of an account opened at `version`. */
  async open(accountId: string, owner: string, version: number): Promise<void> {
    await this.#em.execute(
      `INSERT INTO ${this.name} (account_id, owner, balance, version) VALUES (?, ?, 0, ?)
       ON CONFLICT (account_id) DO NOTHING`,
      [accountId, owner, version],
    );
  }

  /** Moves the balance by `amount` (which may be 0) as of the account's `version`. */
  async move(accountId: string, amount: number, version: number): Promise<void> {
    await this.#em.execute(
      `UPDATE ${this.name} SET balance = balance + ?, version = ? WHERE account_id = ? AND version < ?`,
      [amount, version, accountId, version],
    );
  }

  /** Every row, by owner. */
  async rows(): Promise<Balance[]> {
    const rows = await this.#em.execute<BalanceRow[]>(
      `SELECT account_id, owner, balance, version FROM ${this.name} ORDER BY owner, account_id`,
    );
    return rows.map((row) => ({
      accountId: row.account_id,
      owner: row.owner,
      balance: Number(row.balance),
      version: Number(row.version),
    }));
  }
}
