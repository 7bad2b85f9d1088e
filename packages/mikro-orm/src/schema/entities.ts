import { defineEntity, p } from '@mikro-orm/core';
import { tablesFor } from '../dialect/tables.js';
import { StoredInteger, StoredTimestamp } from './column-types.js';

/**
 * MikroORM entity schemas of the event store's tables, for applications that read them through their own
 * EntityManager (a projection reading the log, an admin screen). They match the tables `migrate()` creates
 * on PostgreSQL and SQLite, which a test checks with MikroORM's schema diff; the tables themselves are
 * created and changed by `migrate()` only, so list them in `schemaGenerator.skipTables`
 * ({@link annalsTableNames}) for your own schema tooling to leave them alone.
 *
 * @example
 * ```ts
 * const orm = await MikroORM.init({
 *   ...config,
 *   entities: [...myEntities, ...annalsEntities()],
 *   schemaGenerator: { skipTables: annalsTableNames() },
 * });
 * ```
 */
export function annalsEntities(tablePrefix = 'annals_') {
  const tables = tablesFor(tablePrefix);
  const name = (entity: string): string => `${pascal(tablePrefix)}${entity}`;
  // Filled in by the database, with an expression each dialect writes its own way (`now()` on PostgreSQL,
  // an ISO 8601 text on SQLite): the schema diff cannot compare one default with both.
  const writtenAt = () => p.type(StoredTimestamp).ignoreSchemaChanges('default');
  const integer64 = () => p.type(new StoredInteger());
  const StoredEventEntity = defineEntity({
    name: name('StoredEvent'),
    tableName: tables.events,
    properties: {
      position: integer64().primary().autoincrement(),
      originatorId: p.uuid().fieldName('originator_id'),
      originatorVersion: p.integer().fieldName('originator_version'),
      topic: p.text(),
      state: p.blob(),
    },
    uniques: [{ name: `${tables.events}_originator_uq`, properties: ['originatorId', 'originatorVersion'] }],
  });
  const SnapshotEntity = defineEntity({
    name: name('Snapshot'),
    tableName: tables.snapshots,
    properties: {
      originatorId: p.uuid().primary().fieldName('originator_id'),
      originatorVersion: p.integer().primary().fieldName('originator_version'),
      topic: p.text(),
      state: p.blob(),
    },
  });
  const TrackingEntity = defineEntity({
    name: name('Tracking'),
    tableName: tables.tracking,
    properties: {
      applicationName: p.text().primary().fieldName('application_name'),
      notificationId: integer64().primary().fieldName('notification_id'),
    },
  });
  const OutboxEntity = defineEntity({
    name: name('OutboxMessage'),
    tableName: tables.outbox,
    properties: {
      sequence: integer64().primary().autoincrement(),
      messageId: p.text().fieldName('message_id'),
      orderingKey: p.text().fieldName('ordering_key'),
      exchange: p.text(),
      routingKey: p.text().fieldName('routing_key'),
      contentType: p.text().fieldName('content_type'),
      /** JSON text of the message's headers. */
      headers: p.text().nullable(),
      body: p.blob(),
      originatorId: p.uuid().nullable().fieldName('originator_id'),
      originatorVersion: p.integer().nullable().fieldName('originator_version'),
      position: integer64().nullable(),
      createdAt: writtenAt().fieldName('created_at'),
      dispatching: p.boolean().default(false),
    },
    uniques: [{ name: `${tables.outbox}_message_id_key`, properties: ['messageId'] }],
    indexes: [{ name: `${tables.outbox}_ordering_idx`, properties: ['orderingKey', 'sequence'] }],
  });
  const ProcessedMessageEntity = defineEntity({
    name: name('ProcessedMessage'),
    tableName: tables.processedMessages,
    properties: {
      consumer: p.text().primary(),
      messageId: p.text().primary().fieldName('message_id'),
      processedAt: writtenAt().fieldName('processed_at'),
    },
  });
  const ProjectionEntity = defineEntity({
    name: name('Projection'),
    tableName: tables.projections,
    properties: {
      name: p.text().primary(),
      generation: p.integer(),
      paused: p.boolean(),
      rebuilding: p.integer().nullable(),
    },
  });
  const CheckpointEntity = defineEntity({
    name: name('Checkpoint'),
    tableName: tables.checkpoints,
    properties: {
      projection: p.text().primary(),
      generation: p.integer().primary(),
      partition: p.integer().primary(),
      position: integer64(),
      updatedAt: writtenAt().fieldName('updated_at'),
    },
  });
  return [
    StoredEventEntity,
    SnapshotEntity,
    TrackingEntity,
    OutboxEntity,
    ProcessedMessageEntity,
    ProjectionEntity,
    CheckpointEntity,
  ] as const;
}

/**
 * The table names `migrate()` creates for a prefix, e.g. for `schemaGenerator.skipTables`; the last two
 * are Annals' own bookkeeping, without entities: the leases (SQLite only) and the applied migrations.
 */
export function annalsTableNames(tablePrefix = 'annals_'): string[] {
  const {
    events,
    snapshots,
    tracking,
    outbox,
    processedMessages,
    projections,
    checkpoints,
    leases,
    migrations,
  } = tablesFor(tablePrefix);
  return [
    events,
    snapshots,
    tracking,
    outbox,
    processedMessages,
    projections,
    checkpoints,
    leases,
    migrations,
  ];
}

function pascal(prefix: string): string {
  return prefix
    .split('_')
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join('');
}
