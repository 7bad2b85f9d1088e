import type { EventRange, NotificationQuery, OutboxMessage, StoredEvent, Tracking } from '@annals/core';
import type { Dialect, Migration, Statement } from './dialect.js';
import { rangeClause } from './range.js';
import type { Tables } from './tables.js';

/** SQLite allows 32,766 bound variables per statement; four per event row. */
const ROWS_PER_INSERT = 8_000;

/**
 * Embedded SQLite. Writers are serialised by SQLite's database lock, so positions are handed out in commit
 * order and followers can read the log directly. An append runs as one transaction of several statements.
 */
export class SqliteDialect implements Dialect {
  readonly name = 'sqlite';
  readonly appendsInOneStatement = false;
  readonly migrations: readonly Migration[];

  constructor(readonly tables: Tables) {
    const { events, snapshots, tracking, outbox, processedMessages } = tables;
    this.migrations = [
      {
        id: '0001-event-store',
        statements: [
          `CREATE TABLE IF NOT EXISTS ${events} (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            originator_id TEXT NOT NULL,
            originator_version INTEGER NOT NULL,
            topic TEXT NOT NULL,
            state BLOB NOT NULL,
            CONSTRAINT ${events}_originator_uq UNIQUE (originator_id, originator_version)
          )`,
          `CREATE TABLE IF NOT EXISTS ${snapshots} (
            originator_id TEXT NOT NULL,
            originator_version INTEGER NOT NULL,
            topic TEXT NOT NULL,
            state BLOB NOT NULL,
            PRIMARY KEY (originator_id, originator_version)
          )`,
          `CREATE TABLE IF NOT EXISTS ${tracking} (
            application_name TEXT NOT NULL,
            notification_id INTEGER NOT NULL,
            PRIMARY KEY (application_name, notification_id)
          )`,
          `CREATE TABLE IF NOT EXISTS ${outbox} (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id TEXT NOT NULL UNIQUE,
            topic TEXT NOT NULL,
            body BLOB NOT NULL,
            headers TEXT,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
          )`,
        ],
      },
      {
        id: '0002-messaging',
        statements: [
          `CREATE TABLE IF NOT EXISTS ${processedMessages} (
            consumer TEXT NOT NULL,
            message_id TEXT NOT NULL,
            processed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            PRIMARY KEY (consumer, message_id)
          )`,
        ],
      },
    ];
  }

  insertEvents(
    events: readonly StoredEvent[],
    tracking?: Tracking,
    outbox: readonly OutboxMessage[] = [],
  ): Statement[] {
    const statements: Statement[] = [];
    if (tracking) {
      statements.push({
        sql: `INSERT INTO ${this.tables.tracking} (application_name, notification_id) VALUES (?, ?)`,
        params: [tracking.application, tracking.position],
      });
    }
    for (const message of outbox) {
      statements.push({
        sql: `INSERT INTO ${this.tables.outbox} (message_id, topic, body, headers) VALUES (?, ?, ?, ?)`,
        params: [
          message.id,
          message.topic,
          message.body,
          message.headers ? JSON.stringify(message.headers) : null,
        ],
      });
    }
    for (let offset = 0; offset < events.length; offset += ROWS_PER_INSERT) {
      const chunk = events.slice(offset, offset + ROWS_PER_INSERT);
      statements.push({
        sql: `INSERT INTO ${this.tables.events} (originator_id, originator_version, topic, state)
          VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')} RETURNING position`,
        params: chunk.flatMap((e) => [e.originatorId, e.originatorVersion, e.topic, e.state]),
      });
    }
    return statements;
  }

  selectEvents(originatorId: string, range: EventRange): Statement {
    const params: unknown[] = [originatorId];
    const tail = rangeClause(range, params, () => '?');
    return {
      sql: `SELECT originator_version, topic, state FROM ${this.tables.events} WHERE originator_id = ?${tail}`,
      params,
    };
  }

  selectNotifications(query: NotificationQuery): Statement {
    const params: unknown[] = [query.start];
    let sql = `SELECT position, originator_id, originator_version, topic, state FROM ${this.tables.events} WHERE position >= ?`;
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
    let sql = `SELECT originator_version, topic, state FROM ${this.tables.snapshots} WHERE originator_id = ?`;
    if (lte !== undefined) {
      params.push(lte);
      sql += ' AND originator_version <= ?';
    }
    return { sql: `${sql} ORDER BY originator_version DESC LIMIT 1`, params };
  }

  selectPendingOutbox(limit: number): Statement {
    return {
      sql: `SELECT sequence, message_id, topic, body, headers, created_at FROM ${this.tables.outbox} ORDER BY sequence LIMIT ?`,
      params: [limit],
    };
  }

  deleteOutbox(sequences: readonly number[]): Statement {
    return {
      sql: `DELETE FROM ${this.tables.outbox} WHERE sequence IN (${sequences.map(() => '?').join(', ')})`,
      params: [...sequences],
    };
  }

  /** The oldest rows, with the position found through the events' unique index for `<uuid>:<version>` ids. */
  claimOutbox(limit: number): Statement {
    const { outbox, events } = this.tables;
    return {
      sql: `SELECT o.sequence, o.message_id, o.topic, o.body, o.headers, o.created_at, e.position
        FROM ${outbox} o
        LEFT JOIN ${events} e
          ON substr(o.message_id, 37, 1) = ':'
          AND e.originator_id = substr(o.message_id, 1, 36)
          AND e.originator_version = CAST(substr(o.message_id, 38) AS INTEGER)
        ORDER BY o.sequence LIMIT ?`,
      params: [limit],
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
