import { randomUUID } from 'node:crypto';
import { RecordConflictError, ValidationError, type StoredEvent } from '@annals/core';
import cassandra from 'cassandra-driver';
import { bucketOf } from './buckets.js';
import { readSerially, writeConditionally } from './conditional-write.js';
import { openBucket } from './open-bucket.js';
import { blob, numberColumn } from './rows.js';
import type { Session } from './session.js';

/** What the conditional batch did: stored everything, or nothing because the bucket's head was `head`. */
type Outcome = { readonly applied: true } | { readonly applied: false; readonly head: number | null };

/** Where an append's first event goes, and the id its rows carry. */
interface AppendTarget {
  readonly originatorId: string;
  readonly bucket: number;
  readonly version: number;
  readonly appendId: string;
}

/**
 * Appends consecutive events of ONE aggregate as one conditional, single-partition batch: the batch sets the
 * bucket's static `head` to the last version IF it equals the version before the first, and inserts the
 * rows. So appends to an aggregate are totally ordered, two writers of a version always meet in one
 * partition, and exactly one wins. When the bucket is not open yet, it is opened and the batch tried again.
 */
export async function appendEvents(session: Session, events: readonly StoredEvent[]): Promise<void> {
  const first = events[0];
  const last = events.at(-1);
  if (!first || !last) return;
  const target: AppendTarget = {
    originatorId: first.originatorId,
    bucket: bucketOf(first.originatorVersion, session.options.bucketSize),
    version: first.originatorVersion,
    appendId: randomUUID(),
  };
  const { cql } = session;
  const expectedHead = target.version === 1 ? null : target.version - 1;
  const batch = [
    {
      query: cql.checkHead,
      params: [last.originatorVersion, target.originatorId, target.bucket, expectedHead],
    },
    ...events.map((event) => ({
      query: cql.insertEvent,
      params: [
        target.originatorId,
        target.bucket,
        event.originatorVersion,
        event.topic,
        blob(event.state),
        target.appendId,
      ],
    })),
  ];
  for (let opened = false; ; opened = true) {
    const outcome = await conditionalBatch(session, batch, target);
    if (outcome.applied) return;
    if (outcome.head === null && target.bucket > 0 && !opened) {
      if (await openBucket(session, target.originatorId, target.bucket)) continue;
    }
    throw refusal(target, outcome.head);
  }
}

/** Sends the batch, deciding an unknown outcome by the append id a serial read finds at the first version. */
function conditionalBatch(
  session: Session,
  batch: readonly { query: string; params: readonly unknown[] }[],
  target: AppendTarget,
): Promise<Outcome> {
  const { originatorId, bucket, version, appendId } = target;
  return writeConditionally<Outcome>(session, {
    context: { aggregate: originatorId, version },
    what: `appending version ${version} of ${originatorId}`,
    send: async () => {
      const row = (await session.batch(batch)).first();
      return row.get('[applied]') === true
        ? { applied: true }
        : { applied: false, head: numberColumn(row, 'head') };
    },
    find: async () => {
      const rows = await readSerially(session, session.cql.selectAppendId, [originatorId, bucket, version]);
      const stored: unknown = rows.first()?.get('append_id');
      if (stored === undefined) return 'absent';
      return stored instanceof cassandra.types.Uuid && stored.toString() === appendId ? 'stored' : 'lost';
    },
    stored: () => ({ applied: true }),
    lost: () => ({ applied: false, head: version }),
  });
}

function refusal(target: AppendTarget, head: number | null): Error {
  const { originatorId, version } = target;
  if (head !== null && head >= version) {
    return new RecordConflictError(`${originatorId} already has version ${version} (its latest is ${head})`);
  }
  return new ValidationError(
    `cannot append version ${version} of ${originatorId}: version ${version - 1} is not stored, and the ` +
      `Cassandra strategy stores an aggregate's versions without gaps`,
  );
}
