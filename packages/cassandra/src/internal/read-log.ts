import type { Notification } from '@annals/core';
import type { NotificationQuery } from '@annals/core/storage';
import { firstPosition, lastPosition, pageOf } from './log-pages.js';
import type { LogTail } from './log-tail.js';
import { numberColumn, toNotification } from './rows.js';
import type { Session } from './session.js';

/**
 * The log's entries from `start` on, page after page. An append takes positions in the tail page only, within
 * a page in commit order, and a page is written only once the page before it is sealed. So the walk goes on to
 * the next page only once it has read a page whole in a state where it was sealed: a read of a partition sees
 * every position up to the highest it sees, and a page's static `head`, read with its rows, says whether it
 * was sealed then. A page that was not is the tail, and the walk ends there.
 */
export async function selectNotifications(
  session: Session,
  query: NotificationQuery,
): Promise<Notification[]> {
  const { bucketSize } = session.options;
  const stop = query.stop ?? Number.MAX_SAFE_INTEGER;
  const topics = query.topics && query.topics.length > 0 ? new Set(query.topics) : undefined;
  const found: Notification[] = [];
  for (let page = pageOf(query.start, bucketSize); firstPosition(page, bucketSize) <= stop; page++) {
    const to = Math.min(stop, lastPosition(page, bucketSize));
    let from = Math.max(query.start, firstPosition(page, bucketSize));
    for (let sealedBefore = false; ; sealedBefore = true) {
      const read = await readEntries(session, page, from, to, topics, query.limit - found.length);
      found.push(...read.notifications);
      if (found.length === query.limit || to === stop) return found;
      if (sealedBefore || read.head === lastPosition(page, bucketSize)) break;
      const head = read.head ?? (await readHead(session, page));
      if (head !== lastPosition(page, bucketSize)) return found;
      from = read.next;
    }
  }
  return found;
}

interface EntriesRead {
  readonly notifications: Notification[];
  /** The page's head as the last rows read showed it; `undefined` when no rows were read. */
  readonly head: number | null | undefined;
  /** The position after the last entry read. */
  readonly next: number;
}

/** A page's entries in `[from, to]`, up to `limit` of the topics (every topic when `topics` is undefined). */
async function readEntries(
  session: Session,
  page: number,
  from: number,
  to: number,
  topics: ReadonlySet<string> | undefined,
  limit: number,
): Promise<EntriesRead> {
  const { pageSize } = session.options;
  const notifications: Notification[] = [];
  let head: number | null | undefined;
  let next = from;
  let pageState: string | undefined;
  do {
    const fetchSize = topics ? pageSize : Math.min(pageSize, limit - notifications.length);
    const result = await session.read(session.cql.selectEntries, [page, from, to], { fetchSize, pageState });
    for (const row of result.rows) {
      const notification = toNotification(row);
      head = numberColumn(row, 'head');
      next = notification.position + 1;
      if (!topics || topics.has(notification.topic)) notifications.push(notification);
      if (notifications.length === limit) return { notifications, head, next };
    }
    pageState = result.pageState ?? undefined;
  } while (pageState);
  return { notifications, head, next };
}

async function readHead(session: Session, page: number): Promise<number | null> {
  return numberColumn((await session.read(session.cql.selectPageHead, [page])).first(), 'head');
}

/** The highest position given to an event: the last entry of the tail page, or of the page before it. */
export async function maxNotificationPosition(session: Session, tail: LogTail): Promise<number> {
  const { page } = await tail.find();
  for (const candidate of [page, page - 1]) {
    if (candidate < 0) break;
    const last = numberColumn(
      (await session.read(session.cql.selectLastEntry, [candidate])).first(),
      'number',
    );
    if (last !== null) return last;
  }
  return 0;
}
