import {
  assertText,
  validateProcessedMessages,
  type Tracking,
  type TrackingStore,
} from '@annals/core/storage';
import type { Dialect } from '../dialect/dialect.js';
import type { SqlClient } from '../internal/sql-client.js';

/** Tracking records and processed message ids of a SQL strategy (tracking records are written by appends). */
export class SqlTracking implements TrackingStore {
  readonly #sql: SqlClient;
  readonly #dialect: Dialect;

  constructor(sql: SqlClient, dialect: Dialect) {
    this.#sql = sql;
    this.#dialect = dialect;
  }

  async maxTrackingPosition(application: string): Promise<number> {
    assertText(application, 'application');
    const [row] = await this.#sql.query<{ position: number | string }>(
      this.#dialect.maxTrackingPosition(application),
    );
    return Number(row?.position ?? 0);
  }

  async trackingPositions(): Promise<Tracking[]> {
    const rows = await this.#sql.query<{ application: string; position: number | string }>(
      this.#dialect.trackingPositions(),
    );
    return rows.map((row) => ({ application: row.application, position: Number(row.position) }));
  }

  async recordProcessedMessages(consumer: string, messageIds: readonly string[]): Promise<string[]> {
    validateProcessedMessages(consumer, messageIds);
    const unique = [...new Set(messageIds)];
    if (unique.length === 0) return [];
    const rows = await this.#sql.query<{ message_id: string }>(
      this.#dialect.recordProcessedMessages(consumer, unique),
    );
    const recorded = new Set(rows.map((row) => row.message_id));
    return unique.filter((messageId) => recorded.has(messageId));
  }
}
