import type { Tables } from '../dialect/tables.js';
import { createEventStore } from './0001-create-event-store.js';
import { addMessaging } from './0002-add-messaging.js';
import { storeOutboxPosition } from './0003-store-outbox-position.js';
import { markOutboxDispatch } from './0004-mark-outbox-dispatch.js';
import { structureOutboxMessages } from './0005-structure-outbox-messages.js';
import { nameSqliteEventConstraints } from './0006-name-sqlite-event-constraints.js';
import { addProjections } from './0007-add-projections.js';

/** Every migration, in the order they apply. */
const migrations = [
  createEventStore,
  addMessaging,
  storeOutboxPosition,
  markOutboxDispatch,
  structureOutboxMessages,
  nameSqliteEventConstraints,
  addProjections,
];

/** A migration as one dialect runs it. */
export interface DialectMigration {
  readonly id: string;
  readonly statements: readonly string[];
}

/** The migrations that concern `dialect`, with their statements for `tables`. */
export function migrationsFor(dialect: 'postgresql' | 'sqlite', tables: Tables): DialectMigration[] {
  return migrations.flatMap((migration) => {
    const statements = migration[dialect]?.(tables);
    return statements ? [{ id: migration.id, statements }] : [];
  });
}
