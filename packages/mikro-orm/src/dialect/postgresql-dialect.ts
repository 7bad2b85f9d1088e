import { crc32 } from 'node:zlib';
import type { Capability, EventRange, NotificationQuery, StoredEvent } from '@annals/core/storage';
import { claimedOutboxColumns } from '../internal/rows.js';
import type {
  AppendRecords,
  CommitNotificationStatements,
  Dialect,
  ReadBarrier,
  Statement,
} from './dialect.js';
import type { AdvisoryLockStatements } from './lease-statements.js';
import { postgresqlAppend, toBuffer } from './postgresql-append.js';
import { PostgresqlProjectionStatements } from './postgresql-projections.js';
import { numbered, rangeClause } from './range.js';
import type { Tables } from './tables.js';

/**
 * PostgreSQL. Transactions can commit out of position order, so a reader must not read past a position that
 * a running transaction holds. Every append takes a shared advisory lock (writers never wait for each other)
 * before it draws positions and keeps it until its transaction ends. A reader first notes the last position
 * drawn, then which transactions hold the lock, waits until those have ended, and reads no further than the
 * noted position: every position up to it is then committed or abandoned. See docs/storage-sql.md.
 */
export class PostgresqlDialect implements Dialect {
  readonly name = 'postgresql';
  readonly lacks: readonly Capability[] = [];
  readonly projections: PostgresqlProjectionStatements;
  /** On a channel named after the events table. */
  readonly commitNotifications: CommitNotificationStatements;
  /**
   * A lease's lock is the 64-bit hash of its name with the table prefix, so that applications sharing a
   * database keep theirs apart.
   */
  readonly leases: AdvisoryLockStatements = {
    kind: 'advisory-lock',
    tryLock: (name) => ({
      sql: 'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS taken',
      params: [`${this.tables.prefix}${name}`],
    }),
    unlock: (name) => ({
      sql: 'SELECT pg_advisory_unlock(hashtextextended($1, 0))',
      params: [`${this.tables.prefix}${name}`],
    }),
  };
  readonly #lockKeys: readonly [number, number];
  readonly readBarrier: ReadBarrier = {
    isolationLevel: () => ({ sql: `SELECT current_setting('transaction_isolation') AS level`, params: [] }),
    // Not `SELECT last_value FROM` the sequence: a scan reads the sequence's row without the buffer lock
    // while nextval() rewrites it in place, and every 32nd nextval() first writes the value 32 ahead (what it
    // logs) before the value drawn, so such a read can name positions nobody has drawn yet; a writer drawing
    // one of them after the check of writers in flight would then be skipped. pg_sequence_last_value(), what
    // the pg_sequences view reads, holds the buffer lock (NULL before the first nextval()).
    lastDrawnPosition: () => ({
      sql: 'SELECT coalesce(pg_sequence_last_value($1::regclass), 0) AS position',
      params: [`${this.tables.events}_position_seq`],
    }),
    writersInFlight: (among) => {
      const params: unknown[] = [...this.#lockKeys];
      let sql = `SELECT virtualtransaction AS writer FROM pg_locks
        WHERE locktype = 'advisory' AND classid = $1::int4::oid AND objid = $2::int4::oid AND objsubid = 2
          AND granted AND pid <> pg_backend_pid()
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
      if (among) {
        params.push(among);
        sql += ' AND virtualtransaction = ANY($3::text[])';
      }
      return { sql, params };
    },
  };

  constructor(readonly tables: Tables) {
    this.#lockKeys = [ANNALS_LOCK_CLASS, crc32(Buffer.from(tables.events)) & 0x7fffffff];
    this.projections = new PostgresqlProjectionStatements(tables);
    this.commitNotifications = commitNotifications(tables.events);
  }

  insertEvents(events: readonly StoredEvent[], records: AppendRecords): Statement[] {
    return [postgresqlAppend(this.tables, this.#lockKeys, events, records)];
  }

  selectEvents(originatorId: string, range: EventRange): Statement {
    const params: unknown[] = [originatorId];
    const tail = rangeClause(range, params, numbered(1));
    return withStateAsText((state) => ({
      sql: `SELECT originator_version, topic, ${state} FROM ${this.tables.events} WHERE originator_id = $1${tail}`,
      params,
    }));
  }

  /**
   * Without a topic filter the upper bound is applied outside the limited scan: with both bounds inside,
   * PostgreSQL underestimates the range on a fast-growing table and sorts it whole instead of walking the
   * primary key, which made each page of a long log read cost as much as the rest of the log.
   */
  selectNotifications(query: NotificationQuery): Statement {
    const columns = 'position, originator_id, originator_version, topic';
    const params: unknown[] = [query.start];
    const next = numbered(1);
    if (!query.topics || query.topics.length === 0) {
      params.push(query.limit);
      const limit = next();
      const stop = query.stop === undefined ? undefined : (params.push(query.stop), next());
      const page = (state: string): string =>
        `SELECT ${columns}, ${state} FROM ${this.tables.events} WHERE position >= $1::bigint ORDER BY position LIMIT ${limit}`;
      return withStateAsText((state) => ({
        sql:
          stop === undefined
            ? page(state)
            : `SELECT ${columns}, ${state} FROM (${page('state')}) page WHERE position <= ${stop}::bigint ORDER BY position`,
        params,
      }));
    }
    let tail = ' WHERE position >= $1::bigint';
    if (query.stop !== undefined) {
      params.push(query.stop);
      tail += ` AND position <= ${next()}::bigint`;
    }
    params.push(query.topics, query.limit);
    tail += ` AND topic = ANY(${next()}::text[]) ORDER BY position LIMIT ${next()}`;
    return withStateAsText((state) => ({
      sql: `SELECT ${columns}, ${state} FROM ${this.tables.events}${tail}`,
      params,
    }));
  }

  maxNotificationPosition(stop: number): Statement {
    return {
      sql: `SELECT coalesce(max(position), 0) AS position FROM ${this.tables.events} WHERE position <= $1::bigint`,
      params: [stop],
    };
  }

  maxTrackingPosition(application: string): Statement {
    return {
      sql: `SELECT coalesce(max(notification_id), 0) AS position FROM ${this.tables.tracking} WHERE application_name = $1`,
      params: [application],
    };
  }

  insertSnapshot(snapshot: StoredEvent): Statement {
    return {
      sql: `INSERT INTO ${this.tables.snapshots} (originator_id, originator_version, topic, state) VALUES ($1, $2, $3, $4)
        ON CONFLICT (originator_id, originator_version) DO UPDATE SET topic = excluded.topic, state = excluded.state`,
      params: [snapshot.originatorId, snapshot.originatorVersion, snapshot.topic, toBuffer(snapshot.state)],
    };
  }

  selectSnapshot(originatorId: string, lte: number | undefined): Statement {
    const params: unknown[] = [originatorId];
    let tail = ' WHERE originator_id = $1';
    if (lte !== undefined) {
      params.push(lte);
      tail += ' AND originator_version <= $2';
    }
    return withStateAsText((state) => ({
      sql: `SELECT originator_version, topic, ${state} FROM ${this.tables.snapshots}${tail} ORDER BY originator_version DESC LIMIT 1`,
      params,
    }));
  }

  /**
   * Locks the oldest rows no other claim holds (`SKIP LOCKED`) and, in the same round trip, finds for their
   * keys the oldest pending row left out (through the `(ordering_key, sequence)` index).
   */
  claimOutbox(limit: number, dispatchGrace?: number): Statement {
    const { outbox } = this.tables;
    return {
      sql: `WITH held AS MATERIALIZED (
          SELECT ${claimedOutboxColumns}, o.position
          FROM ${outbox} o
          WHERE $2::float8 IS NULL OR NOT o.dispatching OR o.created_at < now() - $2::float8 * interval '1 millisecond'
          ORDER BY o.sequence LIMIT $1
          FOR UPDATE OF o SKIP LOCKED
        ),
        left_out AS (
          SELECT p.ordering_key, min(p.sequence) AS first FROM ${outbox} p
          WHERE p.ordering_key IN (SELECT ordering_key FROM held) AND p.sequence NOT IN (SELECT sequence FROM held)
          GROUP BY p.ordering_key
        )
        SELECT h.*, l.first AS blocked_from
        FROM held h LEFT JOIN left_out l ON l.ordering_key = h.ordering_key
        ORDER BY h.sequence`,
      params: [limit, dispatchGrace ?? null],
    };
  }

  /**
   * A claim's transaction does not wait for its commit to reach the disk: it only deletes rows the broker
   * confirmed, so losing that commit in a database crash only sends those rows again.
   */
  beginClaim(): Statement {
    return { sql: 'BEGIN; SET LOCAL synchronous_commit = off', params: [] };
  }

  /** Two statements in one round trip, so without bind parameters: the sequences are checked integers. */
  deleteOutboxAndCommit(sequences: readonly number[]): Statement {
    return {
      sql: `DELETE FROM ${this.tables.outbox} WHERE sequence IN (${sequenceList(sequences)}); COMMIT`,
      params: [],
    };
  }

  /**
   * One round trip without bind parameters (the sequences are checked integers), so one implicit
   * transaction: all or nothing, not waiting for the disk (a lost delete only sends those rows again).
   */
  settleDispatched(confirmed: readonly number[], unconfirmed: readonly number[]): Statement {
    const { outbox } = this.tables;
    const statements = ['SET LOCAL synchronous_commit = off'];
    if (confirmed.length > 0)
      statements.push(`DELETE FROM ${outbox} WHERE sequence IN (${sequenceList(confirmed)})`);
    if (unconfirmed.length > 0) {
      statements.push(
        `UPDATE ${outbox} SET dispatching = false WHERE sequence IN (${sequenceList(unconfirmed)})`,
      );
    }
    return { sql: statements.join('; '), params: [] };
  }

  outboxBacklog(): Statement {
    return {
      sql: `SELECT count(*) AS pending, min(created_at) AS oldest FROM ${this.tables.outbox}`,
      params: [],
    };
  }

  recordProcessedMessages(consumer: string, messageIds: readonly string[]): Statement {
    return {
      sql: `INSERT INTO ${this.tables.processedMessages} (consumer, message_id)
        SELECT $1, id FROM unnest($2::text[]) AS id ORDER BY id
        ON CONFLICT (consumer, message_id) DO NOTHING RETURNING message_id`,
      params: [consumer, [...messageIds]],
    };
  }

  trackingPositions(): Statement {
    return {
      sql: `SELECT application_name AS application, max(notification_id) AS position
        FROM ${this.tables.tracking} GROUP BY application_name ORDER BY application_name`,
      params: [],
    };
  }

  lockMigrations(): Statement {
    return { sql: 'SELECT pg_advisory_xact_lock(hashtext($1))', params: [this.tables.migrations] };
  }
}

/**
 * NOTIFY and LISTEN on `channel`, a checked table name (see `tablesFor`) that can be part of the text. A
 * notification does not wait for the disk: losing it in a crash only delays watchers until they poll.
 */
function commitNotifications(channel: string): CommitNotificationStatements {
  return {
    listen: () => ({ sql: `LISTEN ${channel}`, params: [] }),
    notify: () => ({
      sql: `SET LOCAL synchronous_commit = off; SELECT pg_notify('${channel}', '')`,
      params: [],
    }),
  };
}

/** The first key of Annals' advisory locks ("Anna"); the second identifies the events table. */
const ANNALS_LOCK_CLASS = 0x416e6e61;

/** Outbox sequences for a statement without bind parameters: each checked to be an integer. */
function sequenceList(sequences: readonly number[]): string {
  for (const sequence of sequences) {
    if (!Number.isSafeInteger(sequence))
      throw new TypeError(`an outbox sequence must be an integer: ${sequence}`);
  }
  return sequences.join(', ');
}

/** A state that is a JSON document starts with a space (the transcoder's mark of a plain one) or `{`. */
const LOOKS_LIKE_JSON = `substring(state FROM 1 FOR 1) IN (decode('20', 'hex'), decode('7b', 'hex'))`;

/** The two state columns of a read, `state_text, state`: as text where the state looks like JSON, else bytes. */
const STATE_AS_TEXT = `CASE WHEN ${LOOKS_LIKE_JSON} THEN convert_from(state, 'UTF8') END AS state_text,
  CASE WHEN ${LOOKS_LIKE_JSON} THEN NULL ELSE state END AS state`;

/** The two state columns of a read with every state as bytes. */
const STATE_AS_BYTES = 'NULL::text AS state_text, state';

/**
 * A read whose states come as text where they look like JSON documents: the server sends text as it is
 * stored, where it sends bytes as hex, twice as long, which the client turns into a string and then into
 * bytes. A state that is not valid UTF-8 fails the statement, so the read carries its twin with every state
 * as bytes.
 * @param read the statement, given the state columns to select
 */
function withStateAsText(read: (stateColumns: string) => Statement): Statement {
  return { ...read(STATE_AS_TEXT), asBytes: read(STATE_AS_BYTES) };
}
