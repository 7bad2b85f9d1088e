import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventRange, ReadEvent } from '@annals/core';
import type { types } from 'cassandra-driver';
import { aggregateLane } from './lanes.js';
import { lanePages } from './lane-history.js';
import { toReadEvent } from './rows.js';
import type { Session } from './session.js';

/**
 * An aggregate's events within the range, read from its lane of each page its index lists (oldest first, or
 * newest first for `desc`), a page of rows at a time, no page empty. The next read (of the page, or of the
 * next one) is asked for as soon as rows arrive, before the caller decodes them, so that the node reads while
 * the caller folds.
 */
export async function* readPages(
  session: Session,
  originatorId: string,
  range: EventRange,
): AsyncGenerator<ReadEvent[]> {
  const gt = range.gt ?? 0;
  const lte = range.lte ?? Number.MAX_SAFE_INTEGER;
  let remaining = range.limit ?? Number.POSITIVE_INFINITY;
  if (lte <= gt || remaining === 0) return;
  const lane = aggregateLane(originatorId);
  const pages = await lanePages(session, lane);
  if (range.desc) pages.reverse();
  const query = range.desc ? session.cql.selectEventsDesc : session.cql.selectEventsAsc;
  const read = (page: number, pageState?: string): Promise<types.ResultSet> =>
    session.read(query, [page, lane, gt, lte], {
      fetchSize: Math.min(session.options.pageSize, remaining),
      pageState,
    });
  let index = 0;
  let next = pages[0] === undefined ? undefined : read(pages[0]);
  try {
    while (next) {
      const { rows, pageState } = await next;
      next = undefined;
      const taken = rows.length > remaining ? rows.slice(0, remaining) : rows;
      remaining -= taken.length;
      if (remaining > 0) {
        const page = pageState ? pages[index] : pages[++index];
        if (page !== undefined) next = read(page, pageState ?? undefined);
      }
      if (taken.length === 0) continue;
      // The driver writes a request to the socket on a later tick, which would come only once the caller had
      // decoded and folded these rows: a turn of the event loop first sends the read asked for above.
      if (next) await nextTurn();
      yield taken.map((row) => toReadEvent(originatorId, row, 'number'));
    }
  } finally {
    // A caller that stops early leaves the read ahead unread: its failure is of no interest.
    next?.catch(() => undefined);
  }
}
