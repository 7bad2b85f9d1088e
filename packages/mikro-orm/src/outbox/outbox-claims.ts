import {
  sendableInOrder,
  type ClaimedOutboxMessage,
  type OutboxClaim,
  type OutboxSender,
} from '@annals/core/storage';
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect/dialect.js';
import type { Executor, Query } from '../internal/executor.js';
import { toClaimedOutbox, type ClaimedOutboxRow } from '../internal/rows.js';

/** How a SQL strategy claims outbox rows for a relay. */
export interface OutboxClaims {
  /** @param dispatchGrace skip rows marked for dispatch until they are this old (ms); undefined: take them */
  claim(limit: number, send: OutboxSender, dispatchGrace?: number): Promise<OutboxClaim>;
}

/**
 * PostgreSQL: a transaction on a connection of `client` (the relays' own pool where there is one) locks the
 * oldest rows no one else holds (`FOR UPDATE SKIP LOCKED`), keeps those that overtake no older row of their key
 * held elsewhere, sends them, deletes the confirmed ones and commits, without waiting for the commit to reach
 * the disk (a lost commit only means those rows are sent again; the events themselves were committed durably).
 * Three round trips: begin, lock (with what the rows must not overtake), delete-and-commit. A relay that dies
 * mid-claim releases its rows with its connection. Relays in any number of processes share the work.
 */
export function lockingClaims(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped raw SQL
  client: Kysely<any>,
  dialect: Dialect,
  query: Query,
): OutboxClaims {
  const begin = dialect.beginClaim?.();
  const deleteAndCommit = dialect.deleteOutboxAndCommit?.bind(dialect);
  if (!begin || !deleteAndCommit) {
    throw new TypeError(`the ${dialect.name} dialect does not lock outbox rows`);
  }
  return {
    claim: (limit, send, dispatchGrace) =>
      client.connection().execute(async (db) => {
        await query(begin, db);
        let open = true;
        try {
          const rows = await query<ClaimedOutboxRow>(dialect.claimOutbox(limit, dispatchGrace), db);
          const blocked = new Map<string, number>();
          for (const { ordering_key: key, blocked_from: first } of rows) {
            if (first !== null && first !== undefined) blocked.set(key, Number(first));
          }
          const held = rows.map(toClaimedOutbox);
          const claim = await sendAndDelete(held, sendableInOrder(held, blocked), send, async (sequences) => {
            await query(deleteAndCommit(sequences), db);
            open = false;
          });
          if (open) {
            await query(COMMIT, db);
            open = false;
          }
          return claim;
        } catch (error) {
          if (open) await query(ROLLBACK, db).catch(() => undefined);
          throw error;
        }
      }),
  };
}

const COMMIT = { sql: 'COMMIT', params: [] };
const ROLLBACK = { sql: 'ROLLBACK', params: [] };

/**
 * SQLite: one writer at a time, so the claim holds no database lock while the broker confirms; relays of
 * this strategy instance coordinate through the rows they hold in memory. Run one relay process per file.
 * Claims go through the strategy's own connection, never a caller's transaction: a relay woken inside a
 * transaction must wait for its commit, or it would publish rows that may yet roll back.
 */
export function inProcessClaims(client: Executor, dialect: Dialect, query: Query): OutboxClaims {
  const deleteClaimed = dialect.deleteClaimedOutbox?.bind(dialect);
  if (!deleteClaimed) throw new TypeError(`the ${dialect.name} dialect locks outbox rows`);
  const holding = new Set<number>();
  return {
    claim: async (limit, send) => {
      const window = (await query<ClaimedOutboxRow>(dialect.claimOutbox(limit + holding.size), client)).map(
        toClaimedOutbox,
      );
      const free = window.filter((message) => !holding.has(message.sequence)).slice(0, limit);
      const blocked = new Map<string, number>();
      for (const message of window) {
        const key = message.orderingKey;
        if (holding.has(message.sequence) && !blocked.has(key)) blocked.set(key, message.sequence);
      }
      const sendable = sendableInOrder(free, blocked);
      for (const message of sendable) holding.add(message.sequence);
      try {
        return await sendAndDelete(free, sendable, send, async (sequences) => {
          await query(deleteClaimed(sequences), client);
        });
      } finally {
        for (const message of sendable) holding.delete(message.sequence);
      }
    },
  };
}

async function sendAndDelete(
  held: readonly ClaimedOutboxMessage[],
  sendable: readonly ClaimedOutboxMessage[],
  send: OutboxSender,
  remove: (sequences: readonly number[]) => Promise<void>,
): Promise<OutboxClaim> {
  const blocked = held.length - sendable.length;
  if (sendable.length === 0) return { claimed: 0, confirmed: 0, blocked };
  const mine = new Set(sendable.map((message) => message.sequence));
  const confirmed = (await send(sendable)).filter((sequence) => mine.has(sequence));
  if (confirmed.length > 0) await remove(confirmed);
  return { claimed: sendable.length, confirmed: confirmed.length, blocked };
}
