import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventRange, ReadEvent } from '@annals/core';
import type { types } from 'cassandra-driver';
import { bucketOf, isSealed } from './buckets.js';
import { lastOpenBucket } from './last-bucket.js';
import { numberColumn, toReadEvent } from './rows.js';
import type { Session } from './session.js';

/**
 * An aggregate's events within the range, read bucket by bucket, a page at a time (one await per page rather
 * than per event), no page empty. A version v is stored in bucket(v), or in bucket(v) - 1 when the append
 * that crossed that bucket's end carried it, so a range (gt, lte] lives in buckets bucket(gt + 1) - 1 …
 * bucket(lte). The next page (of the bucket, or of the next one) is asked for as soon as a page arrives,
 * before the caller decodes it, so that the node reads one page while the caller folds the one before; once
 * a bucket is sealed, the next bucket's first page is asked for beside the bucket's last.
 */
export async function* readPages(
  session: Session,
  originatorId: string,
  range: EventRange,
): AsyncGenerator<ReadEvent[]> {
  const { bucketSize, pageSize } = session.options;
  const gt = range.gt ?? 0;
  const lte = range.lte ?? Number.MAX_SAFE_INTEGER;
  let remaining = range.limit ?? Number.POSITIVE_INFINITY;
  if (lte <= gt || remaining === 0) return;
  const firstBucket = bucketOf(gt + 1, bucketSize);
  const low = Math.max(0, firstBucket - 1);
  const high = bucketOf(lte, bucketSize);
  const buckets = range.desc
    ? descending(await lastOpenBucket(session, originatorId, high), low)
    : ascending(low, high);
  const query = range.desc ? session.cql.selectEventsDesc : session.cql.selectEventsAsc;
  const read = (bucket: number, pageState?: string): Promise<types.ResultSet> =>
    session.read(query, [originatorId, bucket, gt, lte], {
      fetchSize: Math.min(pageSize, remaining),
      pageState,
    });
  let bucket = buckets.next();
  /** The highest version read from the current bucket, which shows whether it is sealed. */
  let highest: number | null = null;
  let next = bucket.done ? undefined : read(bucket.value);
  /** The first page of the bucket after the current one, asked for while the current one's last is read. */
  let following: Promise<types.ResultSet> | undefined;
  try {
    while (next && !bucket.done) {
      const { rows, pageState } = await next;
      next = undefined;
      const taken = rows.length > remaining ? rows.slice(0, remaining) : rows;
      const last = taken.at(-1);
      if (last) {
        highest = numberColumn(last, 'originator_version') ?? 0;
        remaining -= taken.length;
      }
      if (remaining > 0) {
        const sealed = isSealed(bucket.value, highest ?? 0, bucketSize);
        if (pageState) {
          next = read(bucket.value, pageState);
          // Cassandra hands back a page state whenever a page is full, so the last page of a sealed bucket
          // is often empty; the next bucket's first page is asked for now rather than after it.
          if (!range.desc && sealed) following ??= read(bucket.value + 1);
        } else if (range.desc || bucket.value < firstBucket || sealed) {
          // Ascending, no bucket follows one that is not sealed. A sealed bucket from bucket(gt + 1) on has
          // its head above gt, so the rows just read show whether it is sealed; the bucket before may hold
          // only versions up to gt, so the walk goes on past it regardless.
          bucket = buckets.next();
          highest = null;
          if (!bucket.done) next = following ?? read(bucket.value);
          following = undefined;
        }
      }
      if (!last) continue;
      // The driver writes a request to the socket on a later tick, which would come only once the caller had
      // decoded and folded this page: a turn of the event loop first sends the pages asked for above, so that
      // the node reads them while this one is decoded.
      if (next) await nextTurn();
      yield taken.map((row) => toReadEvent(originatorId, row));
    }
  } finally {
    // A caller that stops early leaves the pages read ahead unread: their failures are of no interest.
    next?.catch(() => undefined);
    following?.catch(() => undefined);
  }
}

function* ascending(from: number, to: number): Generator<number> {
  for (let bucket = from; bucket <= to; bucket++) yield bucket;
}

function* descending(from: number, to: number): Generator<number> {
  for (let bucket = from; bucket >= to; bucket--) yield bucket;
}
