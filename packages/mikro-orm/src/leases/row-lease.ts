import type { Lease } from '@annals/core/storage';
import type { LeaseRowStatements } from '../dialect/lease-statements.js';
import type { SqlClient } from '../internal/sql-client.js';

/** Options of a {@link RowLease}. */
export interface RowLeaseOptions {
  readonly name: string;
  /** This lease's holder id, unique to it. */
  readonly holder: string;
  /** When the lease runs out unless renewed, ms since the epoch. */
  readonly expiresAt: number;
  readonly sql: SqlClient;
  readonly statements: LeaseRowStatements;
  /** How long each renewal extends the lease, ms; it is renewed every third of that. */
  readonly ttl: number;
  /** Called once the lease is lost or released. */
  readonly onEnd: () => void;
}

/**
 * A lease held as a row with an expiry, which a heartbeat renews. It is lost when a renewal finds another
 * holder (it ran out and was taken), or when renewals fail until it has run out.
 */
export class RowLease implements Lease {
  readonly name: string;
  readonly #options: RowLeaseOptions;
  readonly #controller = new AbortController();
  #expiresAt: number;
  #heartbeat: NodeJS.Timeout | undefined;
  #released: Promise<void> | undefined;

  constructor(options: RowLeaseOptions) {
    this.name = options.name;
    this.#options = options;
    this.#expiresAt = options.expiresAt;
    this.#scheduleRenewal();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  release(): Promise<void> {
    this.#released ??= (async () => {
      if (this.#controller.signal.aborted) return;
      this.#end(new Error(`lease ${this.name} was released`));
      const { sql, statements, holder } = this.#options;
      await sql.query(statements.release(this.name, holder), sql.pool);
    })();
    return this.#released;
  }

  #scheduleRenewal(): void {
    if (this.#controller.signal.aborted) return;
    this.#heartbeat = setTimeout(() => void this.#renew(), this.#options.ttl / 3).unref();
  }

  async #renew(): Promise<void> {
    const { sql, statements, holder, ttl } = this.#options;
    const expiresAt = Date.now() + ttl;
    try {
      // On the pool: a timer may run in the async context of a caller's transaction, long over.
      const renewed = await sql.query(statements.renew(this.name, holder, expiresAt), sql.pool);
      if (renewed.length === 0) {
        this.#lose(new Error(`lease ${this.name} ran out and another process took it`));
        return;
      }
      this.#expiresAt = expiresAt;
    } catch (error) {
      if (Date.now() >= this.#expiresAt) {
        this.#lose(new Error(`lease ${this.name} ran out while it could not be renewed`, { cause: error }));
        return;
      }
    }
    this.#scheduleRenewal();
  }

  #lose(reason: Error): void {
    if (!this.#controller.signal.aborted) this.#end(reason);
  }

  #end(reason: Error): void {
    clearTimeout(this.#heartbeat);
    this.#controller.abort(reason);
    this.#options.onEnd();
  }
}
