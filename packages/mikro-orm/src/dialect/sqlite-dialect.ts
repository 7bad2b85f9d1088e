import type { Capability, EventRange, NotificationQuery, StoredEvent } from '@annals/core/storage';
import { claimedOutboxColumns } from '../internal/rows.js';
import type { AppendRecords, Dialect, Statement } from './dialect.js';
import type { LeaseRowStatements } from './lease-statements.js';
import { rangeClause } from './range.js';
import { SqliteProjectionStatements } from './sqlite-projections.js';
import type { Tables } from './tables.js';

/** SQLite allows 32,766 bound variables per statement; four per event row. */
const ROWS_PER_INSERT = 8_000;

/**
 * Embedded SQLite. Writers are serialised by SQLite's database lock, so positions are handed out in commit
 * order and followers can read the log directly. An append runs as one transaction of several statements.
 */
export class SqliteDialect implements Dialect {
  readonly name = 'sqlite';
  /**
   * Appends do not mark outbox rows: relays in this process hear of commits and claim. Other processes'
   * commits are not heard: followers poll.
   */
  readonly lacks: readonly Capability[] = ['outbox-dispatch', 'log-watch'];
  readonly projections: SqliteProjectionStatements;
  readonly leases: LeaseRowStatements = {
    kind: 'row',
    take: (name, holder, now, expiresAt) => ({
      sql: `INSERT INTO ${this.tables.leases} (name, holder, expires_at) VALUES (?, ?, ?)
        ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
          WHERE ${this.tables.leases}.expires_at <= ?
        RETURNING holder`,
      params: [name, holder, expiresAt, now],
    }),
    renew: (name, holder, expiresAt) => ({
      sql: `UPDATE ${this.tables.leases} SET expires_at = ? WHERE name = ? AND holder = ? RETURNING holder`,
      params: [expiresAt, name, holder],
    }),
    release: (name, holder) => ({
      sql: `DELETE FROM ${this.tables.leases} WHERE name = ? AND holder = ?`,
      params: [name, holder],
    }),
  };

  constructor(readonly tables: Tables) {
    this.projections = new SqliteProjectionStatements(tables);
  }

  /**
   * The tracking record first, so that a redelivery conflicts before anything else is written; the events
   * before the outbox rows, which take the positions of the events they announce from the events table
   * (holding those of earlier appends too).
   */
  insertEvents(events: readonly StoredEvent[], { tracking, outbox }: AppendRecords): Statement[] {
    const { tables } = this;
    const statements: Statement[] = [];
    if (tracking) {
      statements.push({
        sql: `INSERT INTO ${tables.tracking} (application_name, notification_id) VALUES (?, ?)`,
        params: [tracking.application, tracking.position],
      });
    }
    for (let offset = 0; offset < events.length; offset += ROWS_PER_INSERT) {
      const chunk = events.slice(offset, offset + ROWS_PER_INSERT);
      statements.push({
        sql: `INSERT INTO ${tables.events} (originator_id, originator_version, topic, state)
          VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')} RETURNING position`,
        params: chunk.flatMap((e) => [e.originatorId, e.originatorVersion, e.topic, e.state]),
      });
    }
    for (const message of outbox) {
      const { originatorId = null, originatorVersion = null } = message.event ?? {};
      statements.push({
        sql: `INSERT INTO ${tables.outbox} (message_id, ordering_key, exchange, routing_key, content_type, headers,
            body, originator_id, originator_version, position)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,
            (SELECT position FROM ${tables.events} WHERE originator_id = ? AND originator_version = ?))`,
        params: [
          message.id,
          message.orderingKey,
          message.exchange,
          message.routingKey,
          message.contentType,
          message.headers ? JSON.stringify(message.headers) : null,
          message.body,
          originatorId,
          originatorVersion,
          originatorId,
          originatorVersion,
        ],
      });
    }
    return statements;
  }

  selectEvents(originatorId: string, range: EventRange): Statement {
    const params: unknown[] = [originatorId];
    const tail = rangeClause(range, params, () => '?');
    return {
      sql: `SELECT originator_version, topic, NULL AS state_text, state FROM ${this.tables.events} WHERE originator_id = ?${tail}`,
      params,
    };
  }

  selectNotifications(query: NotificationQuery): Statement {
    const params: unknown[] = [query.start];
    let sql = `SELECT position, originator_id, originator_version, topic, NULL AS state_text, state FROM ${this.tables.events} WHERE position >= ?`;
    if (query.stop !== undefined) {
      params.push(query.stop);
      sql += ' AND position <= ?';
    }
    if (query.topics && query.topics.length > 0) {
      params.push(...query.topics);
      sql += ` AND topic IN (${query.topics.map(() => '?').join(', ')})`;
    }
    params.push(query.limit);
    return { sql: `${sql} ORDER BY position LIMIT ?`, params };
  }

  maxNotificationPosition(stop: number): Statement {
    return {
      sql: `SELECT coalesce(max(position), 0) AS position FROM ${this.tables.events} WHERE position <= ?`,
      params: [stop],
    };
  }

  maxTrackingPosition(application: string): Statement {
    return {
      sql: `SELECT coalesce(max(notification_id), 0) AS position FROM ${this.tables.tracking} WHERE application_name = ?`,
      params: [application],
    };
  }

  insertSnapshot(snapshot: StoredEvent): Statement {
    return {
      sql: `INSERT INTO ${this.tables.snapshots} (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)
        ON CONFLICT (originator_id, originator_version) DO UPDATE SET topic = excluded.topic, state = excluded.state`,
      params: [snapshot.originatorId, snapshot.originatorVersion, snapshot.topic, snapshot.state],
    };
  }

  selectSnapshot(originatorId: string, lte: number | undefined): Statement {
    const params: unknown[] = [originatorId];
    let sql = `SELECT originator_version, topic, NULL AS state_text, state FROM ${this.tables.snapshots} WHERE originator_id = ?`;
    if (lte !== undefined) {
      params.push(lte);
      sql += ' AND originator_version <= ?';
    }
    return { sql: `${sql} ORDER BY originator_version DESC LIMIT 1`, params };
  }

  claimOutbox(limit: number): Statement {
    return {
      sql: `SELECT ${claimedOutboxColumns}, o.position FROM ${this.tables.outbox} o ORDER BY o.sequence LIMIT ?`,
      params: [limit],
    };
  }

  deleteClaimedOutbox(sequences: readonly number[]): Statement {
    return {
      sql: `DELETE FROM ${this.tables.outbox} WHERE sequence IN (${sequences.map(() => '?').join(', ')})`,
      params: [...sequences],
    };
  }

  outboxBacklog(): Statement {
    return {
      sql: `SELECT count(*) AS pending, min(created_at) AS oldest FROM ${this.tables.outbox}`,
      params: [],
    };
  }

  recordProcessedMessages(consumer: string, messageIds: readonly string[]): Statement {
    // `WHERE true` tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to a join.
    return {
      sql: `INSERT INTO ${this.tables.processedMessages} (consumer, message_id)
        SELECT ?, value FROM json_each(?) WHERE true ORDER BY value
        ON CONFLICT (consumer, message_id) DO NOTHING RETURNING message_id`,
      params: [consumer, JSON.stringify(messageIds)],
    };
  }

  trackingPositions(): Statement {
    return {
      sql: `SELECT application_name AS application, max(notification_id) AS position
        FROM ${this.tables.tracking} GROUP BY application_name ORDER BY application_name`,
      params: [],
    };
  }

  lockMigrations(): undefined {
    return undefined;
  }
}
