import type { StoredEvent } from '@annals/core/storage';
import type { AppendRecords, Statement } from './dialect.js';
import { numbered } from './range.js';
import type { Tables } from './tables.js';

/**
 * PostgreSQL's append: one statement, so one round trip and no explicit transaction. It takes the shared
 * advisory lock of the read barrier (see `PostgresqlDialect`) before drawing positions, then writes the
 * events, the tracking record and the outbox rows.
 * @param lockKeys the advisory lock of this events table
 */
export function postgresqlAppend(
  tables: Tables,
  lockKeys: readonly [number, number],
  events: readonly StoredEvent[],
  { tracking, outbox, dispatch }: AppendRecords,
): Statement {
  const params: unknown[] = [
    events.map((e) => e.originatorId),
    events.map((e) => e.originatorVersion),
    events.map((e) => e.topic),
    events.map((e) => toBuffer(e.state)),
    ...lockKeys,
  ];
  const next = numbered(params.length);
  let ctes = 'WITH writing AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared($5::int4, $6::int4))';
  if (tracking) {
    params.push(tracking.application, tracking.position);
    ctes += `, tracked AS (INSERT INTO ${tables.tracking} (application_name, notification_id) VALUES (${next()}, ${next()}::bigint))`;
  }
  // The positions (the column default, a volatile nextval) are drawn after the sort, so after the lock is
  // held, and in input order.
  const insert = `INSERT INTO ${tables.events} (originator_id, originator_version, topic, state)
    SELECT e.originator_id, e.originator_version, e.topic, e.state
    FROM writing, unnest($1::uuid[], $2::integer[], $3::text[], $4::bytea[])
      WITH ORDINALITY AS e(originator_id, originator_version, topic, state, ord)
    ORDER BY e.ord`;
  if (outbox.length === 0) return { sql: `${ctes}\n${insert} RETURNING position`, params };
  params.push(
    outbox.map((m) => m.id),
    outbox.map((m) => m.orderingKey),
    outbox.map((m) => m.exchange),
    outbox.map((m) => m.routingKey),
    outbox.map((m) => m.contentType),
    outbox.map((m) => (m.headers ? JSON.stringify(m.headers) : null)),
    outbox.map((m) => toBuffer(m.body)),
    outbox.map((m) => m.event?.originatorId ?? null),
    outbox.map((m) => m.event?.originatorVersion ?? null),
    dispatch,
  );
  const [
    ids,
    keys,
    exchanges,
    routingKeys,
    contentTypes,
    headers,
    bodies,
    eventIds,
    eventVersions,
    dispatching,
  ] = Array.from({ length: 10 }, next);
  const { outbox: table, events: eventsTable } = tables;
  // A row announcing an event of this append gets its position from the insert's RETURNING, one
  // announcing an earlier event from the events table. With `dispatch`, a row is marked for dispatch when
  // no older row of its key is pending (rows of this append are not visible to the check: they go
  // together), and every outbox row comes back after the events' positions, with its sequence.
  const sql = `${ctes},
    written AS (${insert} RETURNING originator_id, originator_version, position),
    outboxed AS (INSERT INTO ${table} (message_id, ordering_key, exchange, routing_key, content_type, headers,
        body, originator_id, originator_version, position, dispatching)
      SELECT m.id, m.ordering_key, m.exchange, m.routing_key, m.content_type, m.headers, m.body,
        m.originator_id, m.originator_version,
        coalesce(w.position, (SELECT e.position FROM ${eventsTable} e
          WHERE e.originator_id = m.originator_id AND e.originator_version = m.originator_version)),
        CASE WHEN ${dispatching}::boolean
          THEN NOT EXISTS (SELECT 1 FROM ${table} p WHERE p.ordering_key = m.ordering_key)
          ELSE false END
      FROM unnest(${ids}::text[], ${keys}::text[], ${exchanges}::text[], ${routingKeys}::text[],
          ${contentTypes}::text[], ${headers}::text[], ${bodies}::bytea[], ${eventIds}::uuid[],
          ${eventVersions}::integer[])
        WITH ORDINALITY AS m(id, ordering_key, exchange, routing_key, content_type, headers, body,
          originator_id, originator_version, ord)
      LEFT JOIN written w ON w.originator_id = m.originator_id AND w.originator_version = m.originator_version
      ORDER BY m.ord
      RETURNING sequence, message_id, position, created_at, dispatching)
    SELECT position, NULL::bigint AS sequence, NULL::text AS message_id, NULL::timestamptz AS created_at,
        NULL::boolean AS dispatching
      FROM written
    UNION ALL
    SELECT position, sequence, message_id, created_at, dispatching FROM outboxed WHERE ${dispatching}::boolean
    ORDER BY sequence NULLS FIRST, position`;
  return { sql, params };
}

/** pg sends Buffers as bytea; a plain Uint8Array would be sent as text. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
