import { BigIntType, DateTimeType, type EntityProperty, type Platform } from '@mikro-orm/core';
import { SqlitePlatform } from '@mikro-orm/sql';

/**
 * Positions, sequences and other 64-bit integers: `bigint` on PostgreSQL, `integer` on SQLite, whose
 * integers are 64-bit and whose `INTEGER PRIMARY KEY` is the row id.
 */
export class StoredInteger extends BigIntType<'number'> {
  constructor() {
    super('number');
  }

  override getColumnType(prop: EntityProperty, platform: Platform): string {
    return platform instanceof SqlitePlatform ? 'integer' : super.getColumnType(prop, platform);
  }
}

/**
 * The timestamps Annals writes: `timestamptz` on PostgreSQL, and on SQLite, which has no time type, the
 * ISO 8601 text its migrations store (MikroORM's own SQLite dates are numbers).
 */
export class StoredTimestamp extends DateTimeType {
  override getColumnType(prop: EntityProperty, platform: Platform): string {
    return platform instanceof SqlitePlatform ? 'text' : super.getColumnType(prop, platform);
  }

  override convertToJSValue(value: unknown): Date {
    return value instanceof Date ? value : new Date(value as string);
  }
}
