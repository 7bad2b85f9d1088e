import type { StoredEvent } from '@annals/core';
import { LogAppender } from './append-to-log.js';
import { planWrites } from './lane-states.js';
import { aggregateLane } from './lanes.js';
import { latestBefore } from './lane-history.js';
import { LogTail } from './log-tail.js';
import { RecentLanes } from './recent-lanes.js';
import { readAll } from './read-all.js';
import { numberColumn } from './rows.js';
import type { Session } from './session.js';

/**
 * Copies the events an earlier version kept in the `events` table (one partition per aggregate and bucket of
 * versions) into the log, aggregate by aggregate, in version order and in appends that fit a page. An
 * aggregate's versions already in the log are passed over, so a copy that was interrupted goes on where it
 * stopped. The `events` table is left as it was; once migrated, it may be dropped.
 */
export async function copyEarlierEvents(session: Session): Promise<void> {
  const { keyspace, bucketSize, logger } = session.options;
  const tables = await session.read(
    'SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?',
    [keyspace, 'events'],
  );
  if (tables.rowLength === 0) return;
  const appender = new LogAppender(session, new LogTail(session), new RecentLanes());
  const partitions = await readAll(
    session,
    `SELECT DISTINCT originator_id, bucket FROM ${keyspace}.events`,
    [],
  );
  let copied = 0;
  for (const partition of partitions) {
    if (numberColumn(partition, 'bucket') !== 0) continue;
    const originatorId = String(partition.get('originator_id'));
    const known = await latestBefore(session, aggregateLane(originatorId), Number.MAX_SAFE_INTEGER);
    const events = (await earlierEvents(session, originatorId)).filter(
      (event) => event.originatorVersion > (known?.version ?? 0),
    );
    for (let from = 0; from < events.length; from += bucketSize) {
      const slice = events.slice(from, from + bucketSize);
      await appender.append(slice, planWrites(slice, undefined));
    }
    copied += events.length;
  }
  logger.info({ keyspace, events: copied }, 'copied the events of the events table into the log');
}

/** An aggregate's events in the `events` table, bucket after bucket until one holds none. */
async function earlierEvents(session: Session, originatorId: string): Promise<StoredEvent[]> {
  const { keyspace } = session.options;
  const events: StoredEvent[] = [];
  for (let bucket = 0; ; bucket++) {
    const rows = await readAll(
      session,
      `SELECT originator_version, topic, state FROM ${keyspace}.events WHERE originator_id = ? AND bucket = ?`,
      [originatorId, bucket],
    );
    if (rows.length === 0) return events;
    for (const row of rows) {
      // A bucket opened by an append that then failed holds its static head only.
      const originatorVersion = numberColumn(row, 'originator_version');
      const state: unknown = row.get('state');
      if (originatorVersion === null || !(state instanceof Buffer)) continue;
      events.push({
        originatorId,
        originatorVersion,
        topic: String(row.get('topic')),
        state: new Uint8Array(state),
      });
    }
  }
}
