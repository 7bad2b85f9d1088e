import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventRange, ReadEvent } from '@annals/core/storage';

/** Reads the events of one aggregate within a range: one query. */
export type SelectEvents = (range: EventRange) => Promise<ReadEvent[]>;

/**
 * An aggregate's events within the range, `pageSize` per query by keyset on the version, no page empty.
 * The next page is asked for as soon as a full page arrives, before the caller decodes it, so that the
 * database reads one page while the caller folds the one before: at most two pages are held at once.
 */
export async function* readEventPages(
  select: SelectEvents,
  range: EventRange,
  pageSize: number,
): AsyncGenerator<readonly ReadEvent[]> {
  let { gt, lte } = range;
  let remaining = range.limit ?? Number.POSITIVE_INFINITY;
  const pageOf = (): Promise<ReadEvent[]> =>
    select({ gt, lte, desc: range.desc, limit: Math.min(pageSize, remaining) });
  let next: Promise<ReadEvent[]> | undefined = remaining > 0 ? pageOf() : undefined;
  try {
    while (next) {
      const asked = Math.min(pageSize, remaining);
      const page = await next;
      next = undefined;
      const last = page.at(-1);
      if (!last) return;
      remaining -= page.length;
      if (page.length === asked && remaining > 0) {
        if (range.desc) lte = last.originatorVersion - 1;
        else gt = last.originatorVersion;
        next = pageOf();
        // A turn of the event loop before the caller folds this page: `pg` sends the query asked for on a
        // later tick, which would otherwise come only once the page was folded, leaving the database idle
        // meanwhile; SQLite answers synchronously, and without a turn between pages a long history would
        // starve timers and I/O, and the native memory of the pages' statements would wait to be freed.
        await nextTurn();
      }
      yield page;
    }
  } finally {
    // A caller that stops early leaves the page read ahead unread: its failure is of no interest.
    next?.catch(() => undefined);
  }
}
