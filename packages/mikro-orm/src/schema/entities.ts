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
      /** The event's position in the notification log. */
      position: integer64().primary().autoincrement(),
      /** The id of the aggregate the event happened to. */
      originatorId: p.uuid().fieldName('originator_id'),
      /** The aggregate's version after the event. */
      originatorVersion: p.integer().fieldName('originator_version'),
      /** The topic of the event's class. */
      topic: p.text(),
      /** The event's metadata and payload: transcoded, possibly compressed and encrypted. */
      state: p.blob(),
    },
    uniques: [{ name: `${tables.events}_originator_uq`, properties: ['originatorId', 'originatorVersion'] }],
  });
  const SnapshotEntity = defineEntity({
    name: name('Snapshot'),
    tableName: tables.snapshots,
    properties: {
      /** The id of the aggregate. */
      originatorId: p.uuid().primary().fieldName('originator_id'),
      /** The version the snapshot was taken at. */
      originatorVersion: p.integer().primary().fieldName('originator_version'),
      /** The topic of the aggregate's class. */
      topic: p.text(),
      /** The aggregate's state: transcoded, possibly compressed and encrypted. */
      state: p.blob(),
    },
  });
  const TrackingEntity = defineEntity({
    name: name('Tracking'),
    tableName: tables.tracking,
    properties: {
      /** The upstream application. */
      applicationName: p.text().primary().fieldName('application_name'),
      /** The position of the processed event in the upstream application's log. */
      notificationId: integer64().primary().fieldName('notification_id'),
    },
  });
  const OutboxEntity = defineEntity({
    name: name('OutboxMessage'),
    tableName: tables.outbox,
    properties: {
      /** The order rows were written in. */
      sequence: integer64().primary().autoincrement(),
      /** The id consumers de-duplicate by. */
      messageId: p.text().fieldName('message_id'),
      /** Rows with the same key are published in the order they were written. */
      orderingKey: p.text().fieldName('ordering_key'),
      /** The exchange the message is published to. */
      exchange: p.text(),
      /** The routing key it is published with. */
      routingKey: p.text().fieldName('routing_key'),
      /** The MIME type of `body`. */
      contentType: p.text().fieldName('content_type'),
      /** JSON text of the message's headers. */
      headers: p.text().nullable(),
      /** The message's bytes. */
      body: p.blob(),
      /** The aggregate of the event the message announces, if any. */
      originatorId: p.uuid().nullable().fieldName('originator_id'),
      /** The version of the event the message announces, if any. */
      originatorVersion: p.integer().nullable().fieldName('originator_version'),
      /** The log position of the event the message announces, if any. */
      position: integer64().nullable(),
      /** When the row was written. */
      createdAt: writtenAt().fieldName('created_at'),
      /** Handed to the dispatch after commit: claims leave it alone until it settles or its grace passes. */
      dispatching: p.boolean().default(false),
    },
    uniques: [{ name: `${tables.outbox}_message_id_key`, properties: ['messageId'] }],
    indexes: [{ name: `${tables.outbox}_ordering_idx`, properties: ['orderingKey', 'sequence'] }],
  });
  const ProcessedMessageEntity = defineEntity({
    name: name('ProcessedMessage'),
    tableName: tables.processedMessages,
    properties: {
      /** The consumer that processed the message. */
      consumer: p.text().primary(),
      /** The message's id. */
      messageId: p.text().primary().fieldName('message_id'),
      /** When it was processed. */
      processedAt: writtenAt().fieldName('processed_at'),
    },
  });
  const ProjectionEntity = defineEntity({
    name: name('Projection'),
    tableName: tables.projections,
    properties: {
      /** The projection's name. */
      name: p.text().primary(),
      /** The generation of the read model that is served. */
      generation: p.integer(),
      /** A paused projection processes nothing until resumed. */
      paused: p.boolean(),
      /** The generation a rebuild is writing, while one runs. */
      rebuilding: p.integer().nullable(),
    },
  });
  const CheckpointEntity = defineEntity({
    name: name('Checkpoint'),
    tableName: tables.checkpoints,
    properties: {
      /** The projection's name. */
      projection: p.text().primary(),
      /** The generation of the read model. */
      generation: p.integer().primary(),
      /** The partition, from 0. */
      partition: p.integer().primary(),
      /** The last upstream position processed. */
      position: integer64(),
      /** When it last moved. */
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
