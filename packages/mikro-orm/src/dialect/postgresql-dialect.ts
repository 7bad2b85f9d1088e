import { crc32 } from 'node:zlib';
import type { EventRange, NotificationQuery, OutboxMessage, StoredEvent, Tracking } from '@annals/core';
import type { Dialect, Migration, ReadBarrier, Statement } from './dialect.js';
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
  readonly appendsInOneStatement = true;
  readonly migrations: readonly Migration[];
  readonly #lockKeys: readonly [number, number];
  readonly readBarrier: ReadBarrier = {
    lastDrawnPosition: () => ({
      sql: `SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS position FROM ${this.tables.events}_position_seq`,
      params: [],
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
    const { events, snapshots, tracking, outbox, processedMessages } = tables;
    this.#lockKeys = [ANNALS_LOCK_CLASS, crc32(Buffer.from(events)) & 0x7fffffff];
    this.migrations = [
      {
        id: '0001-event-store',
        statements: [
          `CREATE TABLE IF NOT EXISTS ${events} (
            position bigserial PRIMARY KEY,
            originator_id uuid NOT NULL,
            originator_version integer NOT NULL,
            topic text NOT NULL,
            state bytea NOT NULL,
            CONSTRAINT ${events}_originator_uq UNIQUE (originator_id, originator_version)
          )`,
          `CREATE TABLE IF NOT EXISTS ${snapshots} (
            originator_id uuid NOT NULL,
            originator_version integer NOT NULL,
            topic text NOT NULL,
            state bytea NOT NULL,
            PRIMARY KEY (originator_id, originator_version)
          )`,
          `CREATE TABLE IF NOT EXISTS ${tracking} (
            application_name text NOT NULL,
            notification_id bigint NOT NULL,
            PRIMARY KEY (application_name, notification_id)
          )`,
          `CREATE TABLE IF NOT EXISTS ${outbox} (
            sequence bigserial PRIMARY KEY,
            message_id text NOT NULL UNIQUE,
            topic text NOT NULL,
            body bytea NOT NULL,
            headers text,
            created_at timestamptz NOT NULL DEFAULT now()
          )`,
        ],
      },
      {
        id: '0002-messaging',
        statements: [
          // The aggregate's id for Annals' `<originatorId>:<version>` ids (see outboxOrderingKey in core):
          // claims keep rows of one key in order across relays.
          `ALTER TABLE ${outbox} ADD COLUMN IF NOT EXISTS ordering_key text
            GENERATED ALWAYS AS (split_part(message_id, ':', 1)) STORED`,
          `CREATE INDEX IF NOT EXISTS ${outbox}_ordering_idx ON ${outbox} (ordering_key, sequence)`,
          `CREATE TABLE IF NOT EXISTS ${processedMessages} (
            consumer text NOT NULL,
            message_id text NOT NULL,
            processed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (consumer, message_id)
          )`,
        ],
      },
      {
        id: '0003-outbox-position',
        // The position of the event a row announces, when the event was appended with it: a claim then reads
        // it from the row instead of parsing the message id and looking the event up.
        statements: [`ALTER TABLE ${outbox} ADD COLUMN IF NOT EXISTS position bigint`],
      },
      {
        // Rows handed to a dispatch on commit: claims leave them alone until settled or the grace has passed.
        id: '0004-outbox-dispatch',
        statements: [
          `ALTER TABLE ${outbox} ADD COLUMN IF NOT EXISTS dispatching boolean NOT NULL DEFAULT false`,
        ],
      },
    ];
  }

  insertEvents(
    events: readonly StoredEvent[],
    tracking?: Tracking,
    outbox: readonly OutboxMessage[] = [],
    dispatch = false,
  ): Statement[] {
    const params: unknown[] = [
      events.map((e) => e.originatorId),
      events.map((e) => e.originatorVersion),
      events.map((e) => e.topic),
      events.map((e) => toBuffer(e.state)),
      ...this.#lockKeys,
    ];
    const next = numbered(params.length);
    let ctes = 'WITH writing AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared($5::int4, $6::int4))';
    if (tracking) {
      params.push(tracking.application, tracking.position);
      ctes += `, tracked AS (INSERT INTO ${this.tables.tracking} (application_name, notification_id) VALUES (${next()}, ${next()}::bigint))`;
    }
    // The positions (the column default, a volatile nextval) are drawn after the sort, so after the lock is
    // held, and in input order.
    const insert = `INSERT INTO ${this.tables.events} (originator_id, originator_version, topic, state)
      SELECT e.originator_id, e.originator_version, e.topic, e.state
      FROM writing, unnest($1::uuid[], $2::integer[], $3::text[], $4::bytea[])
        WITH ORDINALITY AS e(originator_id, originator_version, topic, state, ord)
      ORDER BY e.ord`;
    if (outbox.length === 0) return [{ sql: `${ctes}\n${insert} RETURNING position`, params }];
    // Each outbox row announcing an event of this append (by its `<originatorId>:<version>` id) gets the
    // event's position from the insert's RETURNING. With `dispatch`, a row is marked for dispatch when no
    // older row of its key is pending (rows of this append are not visible to the check: they go together),
    // and every outbox row comes back after the events' positions, with its sequence.
    const announced = new Set(events.map((e) => `${e.originatorId}:${e.originatorVersion}`));
    const event = outbox.map((m) => (announced.has(m.id) ? m.id.split(':') : undefined));
    params.push(
      outbox.map((m) => m.id),
      outbox.map((m) => m.topic),
      outbox.map((m) => toBuffer(m.body)),
      outbox.map((m) => (m.headers ? JSON.stringify(m.headers) : null)),
      event.map((parts) => parts?.[0] ?? null),
      event.map((parts) => (parts ? Number(parts[1]) : null)),
      dispatch,
    );
    const { outbox: table } = this.tables;
    const [ids, topics, bodies, headers, eventIds, eventVersions, dispatching] = [1, 2, 3, 4, 5, 6, 7].map(
      next,
    );
    const sql = `${ctes},
      written AS (${insert} RETURNING originator_id, originator_version, position),
      outboxed AS (INSERT INTO ${table} (message_id, topic, body, headers, position, dispatching)
        SELECT m.id, m.topic, m.body, m.headers, w.position,
          CASE WHEN ${dispatching}::boolean
            THEN NOT EXISTS (SELECT 1 FROM ${table} p WHERE p.ordering_key = split_part(m.id, ':', 1))
            ELSE false END
        FROM unnest(${ids}::text[], ${topics}::text[], ${bodies}::bytea[], ${headers}::text[], ${eventIds}::uuid[], ${eventVersions}::integer[])
          WITH ORDINALITY AS m(id, topic, body, headers, event_id, event_version, ord)
        LEFT JOIN written w ON w.originator_id = m.event_id AND w.originator_version = m.event_version
        ORDER BY m.ord
        RETURNING sequence, message_id, position, created_at, dispatching)
      SELECT position, NULL::bigint AS sequence, NULL::text AS message_id, NULL::timestamptz AS created_at,
          NULL::boolean AS dispatching
        FROM written
      UNION ALL
      SELECT position, sequence, message_id, created_at, dispatching FROM outboxed WHERE ${dispatching}::boolean
      ORDER BY sequence NULLS FIRST, position`;
    return [{ sql, params }];
  }

  selectEvents(originatorId: string, range: EventRange): Statement {
    const params: unknown[] = [originatorId];
    const tail = rangeClause(range, params, numbered(1));
    return {
      sql: `SELECT originator_version, topic, state FROM ${this.tables.events} WHERE originator_id = $1${tail}`,
      params,
    };
  }

  /**
   * Without a topic filter the upper bound is applied outside the limited scan: with both bounds inside,
   * PostgreSQL underestimates the range on a fast-growing table and sorts it whole instead of walking the
   * primary key, which made each page of a long log read cost as much as the rest of the log.
   */
  selectNotifications(query: NotificationQuery): Statement {
    const columns = 'position, originator_id, originator_version, topic, state';
    const params: unknown[] = [query.start];
    const next = numbered(1);
    if (!query.topics || query.topics.length === 0) {
      params.push(query.limit);
      let sql = `SELECT ${columns} FROM ${this.tables.events} WHERE position >= $1::bigint ORDER BY position LIMIT ${next()}`;
      if (query.stop !== undefined) {
        params.push(query.stop);
        sql = `SELECT ${columns} FROM (${sql}) page WHERE position <= ${next()}::bigint ORDER BY position`;
      }
      return { sql, params };
    }
    let sql = `SELECT ${columns} FROM ${this.tables.events} WHERE position >= $1::bigint`;
    if (query.stop !== undefined) {
      params.push(query.stop);
      sql += ` AND position <= ${next()}::bigint`;
    }
    params.push(query.topics, query.limit);
    sql += ` AND topic = ANY(${next()}::text[]) ORDER BY position LIMIT ${next()}`;
    return { sql, params };
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
    let sql = `SELECT originator_version, topic, state FROM ${this.tables.snapshots} WHERE originator_id = $1`;
    if (lte !== undefined) {
      params.push(lte);
      sql += ' AND originator_version <= $2';
    }
    return { sql: `${sql} ORDER BY originator_version DESC LIMIT 1`, params };
  }

  selectPendingOutbox(limit: number): Statement {
    return {
      sql: `SELECT sequence, message_id, topic, body, headers, created_at FROM ${this.tables.outbox} ORDER BY sequence LIMIT $1`,
      params: [limit],
    };
  }

  deleteOutbox(sequences: readonly number[]): Statement {
    return {
      sql: `DELETE FROM ${this.tables.outbox} WHERE sequence = ANY($1::bigint[])`,
      params: [sequences],
    };
  }

  /**
   * Locks the oldest rows no other claim holds (`SKIP LOCKED`) and, in the same round trip, finds for their
   * keys the oldest pending row left out (through the `(ordering_key, sequence)` index). The position is the
   * row's own, written with the event; for a row announcing an event appended earlier it comes from the events
   * table through the unique index, for ids of the form `<uuid>:<version>`; other ids get none.
   */
  claimOutbox(limit: number, dispatchGrace?: number): Statement {
    const { outbox, events } = this.tables;
    const annalsId = `o.message_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[0-9]{1,9}$'`;
    return {
      sql: `WITH held AS MATERIALIZED (
          SELECT o.sequence, o.message_id, o.topic, o.body, o.headers, o.created_at, o.ordering_key,
            coalesce(o.position, (
              SELECT e.position FROM ${events} e
              WHERE e.originator_id = CASE WHEN ${annalsId} THEN o.ordering_key::uuid END
                AND e.originator_version = CASE WHEN ${annalsId} THEN split_part(o.message_id, ':', 2)::integer END
            )) AS position
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
        SELECT h.sequence, h.message_id, h.topic, h.body, h.headers, h.created_at, h.position,
          l.first AS blocked_from
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

/** The first key of Annals' advisory locks ("Anna"); the second identifies the events table. */
const ANNALS_LOCK_CLASS = 0x416e6e61;

/** pg sends Buffers as bytea; a plain Uint8Array would be sent as text. */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Outbox sequences for a statement without bind parameters: each checked to be an integer. */
function sequenceList(sequences: readonly number[]): string {
  for (const sequence of sequences) {
    if (!Number.isSafeInteger(sequence))
      throw new TypeError(`an outbox sequence must be an integer: ${sequence}`);
  }
  return sequences.join(', ');
}
