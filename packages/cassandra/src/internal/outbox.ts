import { randomUUID } from 'node:crypto';
import type { OutboxMessage } from '@annals/core';
import {
  sendableInOrder,
  type ClaimedOutboxMessage,
  type OutboxBacklog,
  type OutboxClaim,
  type OutboxSender,
  type PendingOutboxMessage,
} from '@annals/core/storage';
import cassandra, { type types } from 'cassandra-driver';
import { aggregateLane } from './lanes.js';
import { lanePages } from './lane-history.js';
import { lastPosition } from './log-pages.js';
import type { LogTail } from './log-tail.js';
import { readAll } from './read-all.js';
import { numberColumn } from './rows.js';
import type { Session } from './session.js';

/**
 * How long a claim holds its rows, in seconds: a relay that died while sending leaves them to the next claim
 * after this long. A send that takes longer may be repeated by another relay; consumers de-duplicate.
 */
export const CLAIM_TTL = 300;

/** An outbox row as read, with its page and whether a claim holds it. */
interface OutboxRow extends PendingOutboxMessage {
  readonly page: number;
  readonly held: boolean;
}

/**
 * Claims, sends and settles outbox rows. The rows live in the pages their appends wrote, listed in the
 * outbox's index; a claim marks the rows it takes with its id (with a time to live) by one conditional batch
 * per page, sends them, deletes the confirmed ones and releases the rest, both conditional on its id. Per
 * ordering key, no row is taken while an older one is held elsewhere. A sealed page left without rows is
 * taken off the index.
 */
export async function claimOutbox(
  session: Session,
  tail: LogTail,
  limit: number,
  send: OutboxSender,
): Promise<OutboxClaim> {
  const { pages, rows } = await readOutbox(session);
  const free: OutboxRow[] = [];
  const blocked = new Map<string, number>();
  for (const row of rows) {
    if (!row.held && free.length < limit) free.push(row);
    else if (!blocked.has(row.orderingKey)) blocked.set(row.orderingKey, row.sequence);
  }
  const claim = randomUUID();
  const candidates = sendableInOrder(free, blocked);
  const taken = await tail.exclusively(() => take(session, candidates, claim));
  // A row another claim took first holds back the later rows of its key.
  for (const row of candidates) {
    const first = blocked.get(row.orderingKey);
    if (!taken.includes(row) && (first === undefined || row.sequence < first)) {
      blocked.set(row.orderingKey, row.sequence);
    }
  }
  const sendable = sendableInOrder(taken, blocked);
  const waiting = free.length - sendable.length;
  await settle(
    session,
    tail,
    claim,
    taken.filter((row) => !sendable.includes(row)),
    [],
  );
  if (sendable.length === 0) {
    await forgetEmptyPages(session, pages, rows);
    return { claimed: 0, confirmed: 0, blocked: waiting };
  }
  let confirmed: number[] = [];
  try {
    const messages = await withPositions(session, sendable);
    const mine = new Set(sendable.map((row) => row.sequence));
    confirmed = (await send(messages)).filter((sequence) => mine.has(sequence));
  } finally {
    await settle(session, tail, claim, sendable, confirmed);
  }
  return { claimed: sendable.length, confirmed: confirmed.length, blocked: waiting };
}

/** How many rows are pending, held or not, and when the oldest was written. */
export async function outboxBacklog(session: Session): Promise<OutboxBacklog> {
  const { rows } = await readOutbox(session);
  const oldest = rows.reduce<Date | undefined>(
    (first, row) => (first === undefined || row.createdAt < first ? row.createdAt : first),
    undefined,
  );
  return { pending: rows.length, oldest };
}

/** Every outbox row, in sequence order, and the pages the index lists with whether each is sealed. */
async function readOutbox(
  session: Session,
): Promise<{ pages: { page: number; sealed: boolean }[]; rows: OutboxRow[] }> {
  const listed = await readAll(session, session.cql.selectOutboxPages, []);
  const pages: { page: number; sealed: boolean }[] = [];
  const rows: OutboxRow[] = [];
  for (const entry of listed) {
    const page = numberColumn(entry, 'page');
    if (page === null) continue;
    const read = await readAll(session, session.cql.selectMessages, [page]);
    const head = numberColumn(read[0], 'head') ?? (await readHead(session, page));
    pages.push({ page, sealed: head === lastPosition(page, session.options.bucketSize) });
    for (const row of read) {
      const message = toOutboxRow(page, row);
      if (message) rows.push(message);
    }
  }
  return { pages, rows };
}

async function readHead(session: Session, page: number): Promise<number | null> {
  return numberColumn((await session.read(session.cql.selectPageHead, [page])).first(), 'head');
}

/**
 * Marks the rows with the claim, one conditional batch per page; a batch refused because another claim took
 * one of its rows first (or settled it: the refusal does not show it) is sent again without those.
 * @returns the rows marked, in sequence order
 */
async function take(session: Session, rows: readonly OutboxRow[], claim: string): Promise<OutboxRow[]> {
  const taken: OutboxRow[] = [];
  for (const [page, ofPage] of byPage(rows)) {
    let left = ofPage;
    while (left.length > 0) {
      const result = await session.batch(
        left.map((row) => ({
          query: session.cql.claimMessage,
          params: [CLAIM_TTL, claim, page, row.sequence, row.id],
        })),
      );
      if (result.first().get('[applied]') === true) {
        taken.push(...left);
        break;
      }
      const free = new Set(
        result.rows.filter((row) => row.get('claim') === null).map((row) => numberColumn(row, 'number')),
      );
      const remaining = left.filter((row) => free.has(row.sequence));
      if (remaining.length === left.length) break;
      left = remaining;
    }
  }
  return taken.sort((a, b) => a.sequence - b.sequence);
}

/** Deletes the confirmed rows and releases the others, conditional on the claim still holding them. */
async function settle(
  session: Session,
  tail: LogTail,
  claim: string,
  rows: readonly OutboxRow[],
  confirmed: readonly number[],
): Promise<void> {
  const done = new Set(confirmed);
  await tail.exclusively(async () => {
    for (const [page, ofPage] of byPage(rows)) {
      await session.batch(
        ofPage.map((row) => ({
          query: done.has(row.sequence) ? session.cql.deleteMessage : session.cql.releaseMessage,
          params: [page, row.sequence, claim],
        })),
      );
    }
  });
}

/** Takes sealed pages that hold no outbox row any more off the outbox's index: no append writes there again. */
async function forgetEmptyPages(
  session: Session,
  pages: readonly { page: number; sealed: boolean }[],
  rows: readonly OutboxRow[],
): Promise<void> {
  const holding = new Set(rows.map((row) => row.page));
  for (const { page, sealed } of pages) {
    if (sealed && !holding.has(page)) await session.write(session.cql.deleteOutboxPage, [page]);
  }
}

/** The rows as the sender gets them, with the log position of the event each announces, where it has one. */
async function withPositions(session: Session, rows: readonly OutboxRow[]): Promise<ClaimedOutboxMessage[]> {
  const positions = await Promise.all(
    rows.map(async (row) => (row.event ? positionOf(session, row.event) : undefined)),
  );
  return rows.map(({ page: _page, held: _held, ...message }, index) => ({
    ...message,
    position: positions[index],
  }));
}

/** The position of an aggregate's version: its lane row in the newest page of the lane's index holding it. */
async function positionOf(
  session: Session,
  event: NonNullable<OutboxMessage['event']>,
): Promise<number | undefined> {
  const lane = aggregateLane(event.originatorId);
  for (const page of (await lanePages(session, lane)).reverse()) {
    const row = (
      await session.read(session.cql.selectPosition, [page, lane, event.originatorVersion])
    ).first();
    const position = numberColumn(row, 'position');
    if (position !== null) return position;
  }
  return undefined;
}

function byPage(rows: readonly OutboxRow[]): Map<number, OutboxRow[]> {
  const pages = new Map<number, OutboxRow[]>();
  for (const row of rows) pages.set(row.page, [...(pages.get(row.page) ?? []), row]);
  return pages;
}

function toOutboxRow(page: number, row: types.Row): OutboxRow | undefined {
  const sequence = numberColumn(row, 'number');
  const body: unknown = row.get('state');
  if (sequence === null || !(body instanceof Buffer)) return undefined;
  const headers = row.get('headers') as Record<string, string> | null;
  const originatorId: unknown = row.get('originator_id');
  const originatorVersion = numberColumn(row, 'originator_version');
  const event =
    originatorId instanceof cassandra.types.Uuid && originatorVersion !== null
      ? { originatorId: originatorId.toString(), originatorVersion }
      : undefined;
  return {
    page,
    held: row.get('claim') !== null,
    sequence,
    id: String(row.get('message_id')),
    orderingKey: String(row.get('ordering_key')),
    exchange: String(row.get('exchange')),
    routingKey: String(row.get('routing_key')),
    contentType: String(row.get('content_type')),
    headers: headers ?? {},
    body: new Uint8Array(body),
    ...(event ? { event } : {}),
    createdAt: row.get('created_at') as Date,
  };
}
