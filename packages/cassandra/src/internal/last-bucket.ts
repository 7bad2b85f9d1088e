import { numberColumn } from './rows.js';
import type { Session } from './session.js';

/**
 * The highest open bucket of an aggregate, at most `upTo`. Open buckets always form a prefix 0..n (a bucket
 * opens only after the one before it is sealed), so a galloping search finds n in O(log n) reads of one
 * static cell each; an aggregate within its first bucket costs one read.
 */
export async function lastOpenBucket(session: Session, originatorId: string, upTo: number): Promise<number> {
  const isOpen = async (bucket: number): Promise<boolean> => {
    const rows = await session.read(session.cql.selectHead, [originatorId, bucket]);
    return numberColumn(rows.first(), 'head') !== null;
  };
  let open = 0;
  let step = 1;
  while (open + step <= upTo && (await isOpen(open + step))) {
    open += step;
    step *= 2;
  }
  let closed = Math.min(open + step, upTo + 1);
  while (closed - open > 1) {
    const middle = Math.floor((open + closed) / 2);
    if (await isOpen(middle)) open = middle;
    else closed = middle;
  }
  return open;
}
