import { setTimeout as sleep } from 'node:timers/promises';
import { OperationalError } from '@annals/core';
import cassandra from 'cassandra-driver';
import type { Session } from './session.js';

/** What a serial read found at an append's first version. */
export type Resolution = 'stored' | 'lost' | 'absent';

/** Where an append's first event goes, and the id its rows carry. */
export interface AppendTarget {
  readonly originatorId: string;
  readonly bucket: number;
  readonly version: number;
  readonly appendId: string;
}

const ATTEMPTS = 3;

/**
 * Decides an append whose conditional batch failed with an unknown outcome. A read at serial consistency
 * first completes any Paxos round still in flight for the partition, so what it returns is final: our rows
 * (recognised by the append id they carry) mean the append happened, another append's rows mean it lost the
 * race, and no row means it did not happen and never will.
 * @returns `stored` when the append is stored, `lost` when another append holds its first version, `absent`
 *   when nothing holds it: the append did not happen and may be sent again.
 * @throws OperationalError when the outcome could not be read.
 */
export async function resolveOutcome(
  session: Session,
  target: AppendTarget,
  failure: unknown,
): Promise<Resolution> {
  const { cql, options } = session;
  const { originatorId, bucket, version, appendId } = target;
  options.logger.warn(
    { aggregate: originatorId, version, err: failure },
    'an append has an unknown outcome; resolving it with a serial read',
  );
  let lastError: unknown = failure;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const rows = await session.read(cql.selectAppendId, [originatorId, bucket, version], { serial: true });
      const stored: unknown = rows.first()?.get('append_id');
      if (stored === undefined) return 'absent';
      return stored instanceof cassandra.types.Uuid && stored.toString() === appendId ? 'stored' : 'lost';
    } catch (error) {
      lastError = error;
      if (attempt < ATTEMPTS) await sleep(100 * attempt);
    }
  }
  throw new OperationalError(
    `appending version ${version} of ${originatorId} failed (${String(failure)}) and its outcome is ` +
      `unknown: it may or may not be stored; read the aggregate before retrying (${String(lastError)})`,
    { cause: lastError },
  );
}
