import { defineEntity, p } from '@mikro-orm/core';
import { tablesFor } from '../dialect/tables.js';

/**
 * MikroORM entity schemas for the event store's tables, for applications that want to query them through
 * their own EntityManager (a projection reading the log, an admin screen). The tables themselves are
 * created by `migrate()`; list them in `schemaGenerator.skipTables` so your own schema tooling leaves
 * them alone.
 *
 * @example
 * ```ts
 * const orm = await MikroORM.init({ ...config, entities: [...myEntities, ...annalsEntities()] });
 * ```
 */
export function annalsEntities(tablePrefix = 'annals_') {
  const tables = tablesFor(tablePrefix);
  const StoredEventEntity = defineEntity({
    name: `${pascal(tablePrefix)}StoredEvent`,
    tableName: tables.events,
    properties: {
      position: p.bigint('number').primary().autoincrement(),
      originatorId: p.uuid().fieldName('originator_id'),
      originatorVersion: p.integer().fieldName('originator_version'),
      topic: p.text(),
      state: p.blob(),
    },
    uniques: [{ name: `${tables.events}_originator_uq`, properties: ['originatorId', 'originatorVersion'] }],
  });
  const SnapshotEntity = defineEntity({
    name: `${pascal(tablePrefix)}Snapshot`,
    tableName: tables.snapshots,
    properties: {
      originatorId: p.uuid().primary().fieldName('originator_id'),
      originatorVersion: p.integer().primary().fieldName('originator_version'),
      topic: p.text(),
      state: p.blob(),
    },
  });
  const TrackingEntity = defineEntity({
    name: `${pascal(tablePrefix)}Tracking`,
    tableName: tables.tracking,
    properties: {
      applicationName: p.text().primary().fieldName('application_name'),
      notificationId: p.bigint('number').primary().fieldName('notification_id'),
    },
  });
  const OutboxEntity = defineEntity({
    name: `${pascal(tablePrefix)}OutboxMessage`,
    tableName: tables.outbox,
    properties: {
      sequence: p.bigint('number').primary().autoincrement(),
      messageId: p.text().unique().fieldName('message_id'),
      topic: p.text(),
      body: p.blob(),
      headers: p.text().nullable(),
      createdAt: p.datetime().fieldName('created_at'),
    },
  });
  const ProcessedMessageEntity = defineEntity({
    name: `${pascal(tablePrefix)}ProcessedMessage`,
    tableName: tables.processedMessages,
    properties: {
      consumer: p.text().primary(),
      messageId: p.text().primary().fieldName('message_id'),
      processedAt: p.datetime().fieldName('processed_at'),
    },
  });
  return [StoredEventEntity, SnapshotEntity, TrackingEntity, OutboxEntity, ProcessedMessageEntity] as const;
}

/** The table names `migrate()` creates for a prefix, e.g. for `schemaGenerator.skipTables`. */
export function annalsTableNames(tablePrefix = 'annals_'): string[] {
  const { events, snapshots, tracking, outbox, processedMessages, migrations } = tablesFor(tablePrefix);
  return [events, snapshots, tracking, outbox, processedMessages, migrations];
}

function pascal(prefix: string): string {
  return prefix
    .split('_')
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join('');
}
