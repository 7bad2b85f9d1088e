import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { OperationalError, RecordConflictError, ValidationError, type StoredEvent } from '@annals/core';
import { bucketOf } from './buckets.js';
import { openBucket } from './open-bucket.js';
import { isOutcomeUnknown } from './outcome.js';
import { resolveOutcome, type AppendTarget } from './resolve-outcome.js';
import { blob, numberColumn } from './rows.js';
import type { Session } from './session.js';

/** What the conditional batch did: stored everything, or nothing because the bucket's head was `head`. */
type Outcome = { readonly applied: true } | { readonly applied: false; readonly head: number | null };

/**
 * How many times a batch is sent while each failure with an unknown outcome resolves to "nothing stored", as
 * Paxos rounds that time out under contention do; between sends the writer backs off for a random while.
 */
const SENDS = 4;

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

async function conditionalBatch(
  session: Session,
  batch: readonly { query: string; params: readonly unknown[] }[],
  target: AppendTarget,
): Promise<Outcome> {
  for (let send = 1; ; send++) {
    try {
      const row = (await session.batch(batch)).first();
      return row.get('[applied]') === true
        ? { applied: true }
        : { applied: false, head: numberColumn(row, 'head') };
    } catch (error) {
      if (!isOutcomeUnknown(error)) throw error;
      const resolution = await resolveOutcome(session, target, error);
      if (resolution === 'stored') return { applied: true };
      if (resolution === 'lost') return { applied: false, head: target.version };
      if (send === SENDS) throw absent(target, error);
      await sleep(randomInt(25, 100) * 2 ** send);
    }
  }
}

function absent(target: AppendTarget, failure: unknown): OperationalError {
  return new OperationalError(
    `appending version ${target.version} of ${target.originatorId} failed ${SENDS} times (${String(failure)}); ` +
      'serial reads show none of it was stored, so it is safe to retry',
    { cause: failure },
  );
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
