import type { Lease } from '@annals/core/storage';
import type { Client } from 'pg';
import type { AdvisoryLockStatements } from '../dialect/lease-statements.js';
import type { DedicatedConnections } from '../internal/dedicated-connections.js';

/** Options of an {@link AdvisoryLease}. */
export interface AdvisoryLeaseOptions {
  readonly name: string;
  /** The connection whose session holds the lock. */
  readonly client: Client;
  readonly connections: DedicatedConnections;
  readonly statements: AdvisoryLockStatements;
  /** How often the connection is checked, ms; a check that has no answer by the next one loses the lease. */
  readonly checkInterval: number;
  /** Called once the lease is lost or released. */
  readonly onEnd: () => void;
}

/**
 * A lease held as a session-level advisory lock by a connection of its own. It is lost when that connection
 * fails, ends or stops answering the periodic check; the server then frees the lock with the session.
 */
export class AdvisoryLease implements Lease {
  readonly name: string;
  readonly #options: AdvisoryLeaseOptions;
  readonly #controller = new AbortController();
  #check: NodeJS.Timeout | undefined;
  #released: Promise<void> | undefined;

  constructor(options: AdvisoryLeaseOptions) {
    this.name = options.name;
    this.#options = options;
    const { client } = options;
    client.on('error', (error) => this.#lose(error));
    client.on('end', () => this.#lose(new Error('its connection ended')));
    this.#scheduleCheck();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  release(): Promise<void> {
    this.#released ??= (async () => {
      if (this.#controller.signal.aborted) return;
      this.#end(new Error(`lease ${this.name} was released`));
      const { client, connections, statements } = this.#options;
      try {
        await connections.query(client, statements.unlock(this.name));
      } catch (error) {
        // Ending the session frees the lock too; a connection that did not answer may not answer the end.
        client.end().catch(() => undefined);
        throw error;
      }
      await client.end();
    })();
    return this.#released;
  }

  #scheduleCheck(): void {
    if (this.#controller.signal.aborted) return;
    const { client, checkInterval } = this.#options;
    this.#check = setTimeout(() => {
      client.query('SELECT 1').then(
        () => this.#scheduleCheck(),
        (error: unknown) => this.#lose(error),
      );
    }, checkInterval).unref();
  }

  /** Lost without a release: the connection is closed without waiting, as it may not answer any more. */
  #lose(reason: unknown): void {
    if (this.#controller.signal.aborted) return;
    this.#end(new Error(`lease ${this.name} was lost`, { cause: reason }));
    this.#options.client.end().catch(() => undefined);
  }

  #end(reason: Error): void {
    clearTimeout(this.#check);
    this.#controller.abort(reason);
    this.#options.onEnd();
  }
}
