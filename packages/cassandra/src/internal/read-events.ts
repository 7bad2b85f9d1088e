import type { EventRange, StoredEvent } from '@annals/core';
import { bucketOf, isSealed } from './buckets.js';
import { lastOpenBucket } from './last-bucket.js';
import { toStoredEvent } from './rows.js';
import type { Session } from './session.js';

/**
 * An aggregate's events within the range, read bucket by bucket and page by page. A version v is stored in
 * bucket(v), or in bucket(v) - 1 when the append that crossed that bucket's end carried it, so a range
 * (gt, lte] lives in buckets bucket(gt + 1) - 1 … bucket(lte).
 */
export async function* readEvents(
  session: Session,
  originatorId: string,
  range: EventRange,
): AsyncGenerator<StoredEvent> {
  for await (const page of readPages(session, originatorId, range)) yield* page;
}

/** The same events as {@link readEvents}, a page at a time: one await per page rather than per event. */
export async function* readPages(
  session: Session,
  originatorId: string,
  range: EventRange,
): AsyncGenerator<StoredEvent[]> {
  const { bucketSize } = session.options;
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
  for (const bucket of buckets) {
    let highest: number | null = null;
    for await (const page of readBucket(session, originatorId, bucket, gt, lte, range.desc, remaining)) {
      const taken = page.length > remaining ? page.slice(0, remaining) : page;
      const last = taken.at(-1);
      if (last) {
        yield taken;
        highest = last.originatorVersion;
        remaining -= taken.length;
      }
      if (remaining === 0) return;
    }
    // Ascending, no bucket follows one that is not sealed. A sealed bucket from bucket(gt + 1) on has its
    // head above gt, so the rows just read show whether it is sealed; the bucket before may hold only
    // versions up to gt, so the walk goes on past it regardless.
    const sealed = highest !== null && isSealed(bucket, highest, bucketSize);
    if (!range.desc && bucket >= firstBucket && !sealed) return;
  }
}

function* ascending(from: number, to: number): Generator<number> {
  for (let bucket = from; bucket <= to; bucket++) yield bucket;
}

function* descending(from: number, to: number): Generator<number> {
  for (let bucket = from; bucket >= to; bucket--) yield bucket;
}

async function* readBucket(
  session: Session,
  originatorId: string,
  bucket: number,
  gt: number,
  lte: number,
  desc: boolean | undefined,
  limit: number,
): AsyncGenerator<StoredEvent[]> {
  const query = desc ? session.cql.selectEventsDesc : session.cql.selectEventsAsc;
  const params = [originatorId, bucket, gt, lte];
  let pageState: string | undefined;
  let wanted = limit;
  do {
    const fetchSize = Math.min(session.options.pageSize, wanted);
    const page = await session.read(query, params, { fetchSize, pageState });
    yield page.rows.map((row) => toStoredEvent(originatorId, row));
    wanted -= page.rows.length;
    pageState = page.pageState ?? undefined;
  } while (pageState !== undefined && wanted > 0);
}
