import { randomUUID } from 'node:crypto';
import type { Tracking } from '@annals/core';
import cassandra from 'cassandra-driver';
import { readSerially, writeConditionally } from './conditional-write.js';
import { trackingLane } from './lanes.js';
import { latestBefore } from './lane-history.js';
import { readAll } from './read-all.js';
import type { Session } from './session.js';

/** The highest upstream position tracked for `application`: its lane's head in the latest page holding it. */
export async function maxTrackingPosition(session: Session, application: string): Promise<number> {
  const latest = await latestBefore(session, trackingLane(application), Number.MAX_SAFE_INTEGER);
  return latest?.position ?? 0;
}

/** The highest tracked position of every upstream application that has one. */
export async function trackingPositions(session: Session): Promise<Tracking[]> {
  const rows = await readAll(session, session.cql.selectTracked, []);
  const applications = rows.map((row) => String(row.get('application')));
  const positions = await Promise.all(applications.map((name) => maxTrackingPosition(session, name)));
  return applications
    .map((application, index) => ({ application, position: positions[index] ?? 0 }))
    .filter((tracking) => tracking.position > 0);
}

/**
 * Records each message id once per consumer with a lightweight transaction per id (they are independent
 * partitions), sent together; an unknown outcome is decided by the id of the recording a serial read finds.
 * @returns the ids recorded now, in the order given
 */
export async function recordProcessedMessages(
  session: Session,
  consumer: string,
  messageIds: readonly string[],
): Promise<string[]> {
  const unique = [...new Set(messageIds)];
  const recorded = await Promise.all(unique.map((id) => recordOnce(session, consumer, id)));
  return unique.filter((_, index) => recorded[index]);
}

function recordOnce(session: Session, consumer: string, messageId: string): Promise<boolean> {
  const recording = randomUUID();
  const { cql } = session;
  return writeConditionally(session, {
    what: `recording message ${messageId} as processed by ${consumer}`,
    context: { consumer, message: messageId },
    send: async () =>
      (await session.write(cql.recordProcessed, [consumer, messageId, recording])).wasApplied(),
    find: async () => {
      const rows = await readSerially(session, cql.selectProcessed, [consumer, messageId]);
      const by: unknown = rows.first()?.get('recorded_by');
      if (by === undefined || by === null) return 'absent';
      return by instanceof cassandra.types.Uuid && by.toString() === recording ? 'stored' : 'lost';
    },
    stored: () => true,
    lost: () => false,
  });
}
