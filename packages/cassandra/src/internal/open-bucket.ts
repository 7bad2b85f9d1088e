import { isSealed } from './buckets.js';
import { readSerially, writeIdempotently } from './conditional-write.js';
import { numberColumn } from './rows.js';
import type { Session } from './session.js';

/**
 * Opens bucket `bucket` of an aggregate once the bucket before it is sealed, by copying that bucket's final
 * head into the new partition's static `head`. The value is decided by the sealed bucket, which never
 * changes again, so any writer may do this, any number of times, with the same result.
 * @returns false when the previous bucket is not sealed, so the bucket may not open yet.
 */
export async function openBucket(session: Session, originatorId: string, bucket: number): Promise<boolean> {
  const { cql, options } = session;
  const previous = await readSerially(session, cql.selectHead, [originatorId, bucket - 1]);
  const head = numberColumn(previous.first(), 'head');
  if (head === null || !isSealed(bucket - 1, head, options.bucketSize)) return false;
  await writeIdempotently(`opening bucket ${bucket} of ${originatorId}`, () =>
    session.write(cql.openBucket, [head, originatorId, bucket]),
  );
  options.logger.debug({ aggregate: originatorId, bucket, head }, 'opened a bucket');
  return true;
}
