import {
  validateNotificationQuery,
  type Notification,
  type NotificationLogStore,
  type NotificationQuery,
} from '@annals/core/storage';
import { NotSupportedError } from '@annals/core';
import type { Dialect } from '../dialect/dialect.js';
import type { SqlClient } from '../internal/sql-client.js';
import { toNotification } from '../internal/rows.js';
import { SettledLog } from './read-barrier.js';

/** The notification log of a SQL strategy: reads that never go past a position a writer still holds. */
export class SqlNotificationLog implements NotificationLogStore {
  readonly #sql: SqlClient;
  readonly #dialect: Dialect;
  readonly #settled: SettledLog;
  /** Callers' transactions already found to read at READ COMMITTED. */
  readonly #readCommitted = new WeakSet<object>();

  /** @param readBarrierTimeout see `MikroOrmStrategyOptions.readBarrierTimeout` */
  constructor(sql: SqlClient, dialect: Dialect, readBarrierTimeout: number) {
    this.#sql = sql;
    this.#dialect = dialect;
    this.#settled = new SettledLog(
      dialect.readBarrier,
      (statement) => sql.query(statement),
      readBarrierTimeout,
    );
  }

  async selectNotifications(query: NotificationQuery): Promise<Notification[]> {
    validateNotificationQuery(query);
    await this.#assertReadCommitted();
    // A stop already known to be settled (iterate() passes one for every page) needs no new barrier.
    const known = this.#settled.settled;
    const settled = query.stop !== undefined && query.stop <= known ? known : await this.#settled.settle();
    const stop = Math.min(query.stop ?? Number.MAX_SAFE_INTEGER, settled);
    if (stop < query.start) return [];
    const rows = await this.#sql.queryTuples(this.#dialect.selectNotifications({ ...query, stop }));
    return rows.map(toNotification);
  }

  async maxNotificationPosition(): Promise<number> {
    await this.#assertReadCommitted();
    const stop = await this.#settled.settle();
    const [row] = await this.#sql.query<{ position: number | string }>(
      this.#dialect.maxNotificationPosition(stop),
    );
    return Number(row?.position ?? 0);
  }

  /**
   * Refuses to read inside a caller's transaction at REPEATABLE READ or SERIALIZABLE: its snapshot hides
   * commits made after it began, so a page could leave out an event below positions it returns, and a
   * follower would skip that event for good.
   */
  async #assertReadCommitted(): Promise<void> {
    const barrier = this.#dialect.readBarrier;
    const transaction = this.#sql.joined();
    if (!barrier || !transaction || this.#readCommitted.has(transaction)) return;
    const [row] = await this.#sql.query<{ level: string }>(barrier.isolationLevel());
    if (row?.level !== 'read committed') {
      throw new NotSupportedError(
        `reading the notification log inside a ${row?.level ?? 'unknown'} transaction could skip events ` +
          'committed after the transaction began: read it at READ COMMITTED, or outside the transaction',
      );
    }
    this.#readCommitted.add(transaction);
  }
}
