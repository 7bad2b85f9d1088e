import { assertPosition } from '../storage/validation.js';
import {
  sendableInOrder,
  type ClaimedOutboxMessage,
  type OutboxBacklog,
  type OutboxClaim,
  type OutboxSender,
} from '../storage/outbox.js';
import type { OutboxMessage, PendingOutboxMessage } from '../storage/records.js';
import type { InMemoryTransactions, InMemoryUnitOfWork } from './in-memory-transactions.js';

/** The outbox of the in-memory strategy: rows in sequence order, and the ones relays hold right now. */
export class InMemoryOutbox {
  readonly #rows = new Map<number, PendingOutboxMessage>();
  readonly #claimed = new Set<number>();
  readonly #transactions: InMemoryTransactions;
  readonly #positionOf: (message: OutboxMessage) => number | undefined;
  #sequence = 0;

  constructor(
    transactions: InMemoryTransactions,
    positionOf: (message: OutboxMessage) => number | undefined,
  ) {
    this.#transactions = transactions;
    this.#positionOf = positionOf;
  }

  add(message: OutboxMessage, unit: InMemoryUnitOfWork | undefined): void {
    const sequence = ++this.#sequence;
    this.#rows.set(sequence, {
      ...message,
      body: Uint8Array.from(message.body),
      sequence,
      createdAt: new Date(),
    });
    if (unit) {
      unit.outbox.add(sequence);
      unit.onRollback(() => this.#rows.delete(sequence));
    }
  }

  delete(sequences: readonly number[]): void {
    for (const sequence of sequences) this.#rows.delete(sequence);
  }

  async claim(limit: number, send: OutboxSender): Promise<OutboxClaim> {
    assertPosition(limit, 'limit');
    const uncommitted = this.#transactions.uncommittedOutbox();
    const held: PendingOutboxMessage[] = [];
    const blocked = new Map<string, number>();
    for (const row of this.#rows.values()) {
      const free = !this.#claimed.has(row.sequence) && !uncommitted.has(row.sequence);
      if (free && held.length < limit) held.push(row);
      else {
        const key = row.orderingKey;
        if (!blocked.has(key)) blocked.set(key, row.sequence);
      }
    }
    const sendable: ClaimedOutboxMessage[] = sendableInOrder(held, blocked).map((row) => ({
      ...copy(row),
      position: this.#positionOf(row),
    }));
    const waiting = held.length - sendable.length;
    if (sendable.length === 0) return { claimed: 0, confirmed: 0, blocked: waiting };
    for (const row of sendable) this.#claimed.add(row.sequence);
    try {
      const mine = new Set(sendable.map((row) => row.sequence));
      const confirmed = (await send(sendable)).filter((sequence) => mine.has(sequence));
      this.delete(confirmed);
      return { claimed: sendable.length, confirmed: confirmed.length, blocked: waiting };
    } finally {
      for (const row of sendable) this.#claimed.delete(row.sequence);
    }
  }

  backlog(): OutboxBacklog {
    const uncommitted = this.#transactions.uncommittedOutbox();
    let pending = 0;
    let oldest: Date | undefined;
    for (const row of this.#rows.values()) {
      if (uncommitted.has(row.sequence)) continue;
      pending++;
      oldest ??= row.createdAt;
    }
    return { pending, oldest };
  }
}

function copy(row: PendingOutboxMessage): PendingOutboxMessage {
  return { ...row, body: Uint8Array.from(row.body) };
}
