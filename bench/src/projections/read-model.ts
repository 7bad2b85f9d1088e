/**
 * The read model every contender keeps: one row per account, with its balance, its number of deposits and
 * the log position of the last event applied. Each contender has a table of its own in the one database.
 */
export function createBalances(table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (
    account_id text PRIMARY KEY,
    balance bigint NOT NULL,
    deposits integer NOT NULL,
    last_position bigint NOT NULL
  )`;
}

/**
 * The one statement per event: insert the account's row or add the deposit to it. `$1` the account id, `$2`
 * the amount, `$3` the event's position; `placeholders` `?` for MikroORM's `em.execute`.
 */
export function upsertBalance(table: string, placeholders: 'numbered' | '?' = 'numbered'): string {
  const [id, amount, position] = placeholders === '?' ? ['?', '?', '?'] : ['$1', '$2', '$3'];
  return `INSERT INTO ${table} AS b (account_id, balance, deposits, last_position)
    VALUES (${id}, ${amount}, 1, ${position})
    ON CONFLICT (account_id) DO UPDATE
    SET balance = b.balance + excluded.balance, deposits = b.deposits + 1, last_position = excluded.last_position`;
}

/** What a catch-up must leave: a row per account and every deposit counted once. */
export function checkBalances(
  contender: string,
  found: { readonly rows: number | string; readonly deposits: number | string | null },
  expected: { readonly accounts: number; readonly events: number },
): void {
  const rows = Number(found.rows);
  const deposits = Number(found.deposits ?? 0);
  if (rows !== expected.accounts || deposits !== expected.events) {
    throw new Error(
      `${contender} left ${rows} rows with ${deposits} deposits; expected ${expected.accounts} rows with ${expected.events}`,
    );
  }
}

/** The query whose row {@link checkBalances} checks. */
export function countBalances(table: string): string {
  return `SELECT count(*) AS rows, sum(deposits) AS deposits FROM ${table}`;
}
