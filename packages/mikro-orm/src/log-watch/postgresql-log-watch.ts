import type { LogWatch } from '@annals/core/storage';
import type { Client } from 'pg';
import type { Statement } from '../dialect/dialect.js';
import type { DedicatedConnections } from '../internal/dedicated-connections.js';

/** Options of {@link PostgresqlLogWatch}. */
export interface PostgresqlLogWatchOptions {
  readonly connections: DedicatedConnections;
  /** The statement that listens to the channel that commits are told on. */
  readonly listen: Statement;
  /** How long to wait before the first attempt to listen again after the connection dropped, ms. */
  readonly reconnectDelay: number;
  /** The longest wait between attempts, ms; the wait doubles from `reconnectDelay` up to it. */
  readonly maxReconnectDelay: number;
}

/**
 * Hears other processes' commits through LISTEN on one connection of its own, shared by every watcher of
 * the strategy, open while any watches. When it drops it is opened again, with backoff; watchers are then
 * called once, since commits may have gone unheard meanwhile.
 */
export class PostgresqlLogWatch implements LogWatch {
  readonly #options: PostgresqlLogWatchOptions;
  readonly #listeners = new Set<() => void>();
  #client: Client | undefined;
  #opening: Promise<void> | undefined;
  #retry: NodeJS.Timeout | undefined;
  #failures = 0;

  constructor(options: PostgresqlLogWatchOptions) {
    this.#options = options;
  }

  /** Resolves once listening: every commit after that is heard. */
  async watchLog(listener: () => void): Promise<() => Promise<void>> {
    const watcher = (): void => listener();
    this.#listeners.add(watcher);
    try {
      await this.#listening();
    } catch (error) {
      this.#listeners.delete(watcher);
      throw error;
    }
    return async () => {
      this.#listeners.delete(watcher);
      if (this.#listeners.size === 0) await this.#disconnect();
    };
  }

  /** Stops every watcher, as the strategy closes. */
  async close(): Promise<void> {
    this.#listeners.clear();
    await this.#disconnect();
    await this.#opening?.catch(() => undefined);
  }

  /** Connected, or reconnecting in the background after a drop; else connects, failing as it fails. */
  #listening(): Promise<void> {
    if (this.#client || this.#retry) return Promise.resolve();
    this.#opening ??= this.#connect().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async #connect(): Promise<void> {
    const { connections, listen } = this.#options;
    const client = await connections.open();
    client.on('notification', () => this.#tell());
    client.on('error', () => this.#dropped(client));
    client.on('end', () => this.#dropped(client));
    try {
      await connections.query(client, listen);
    } catch (error) {
      client.end().catch(() => undefined);
      throw error;
    }
    if (this.#listeners.size === 0) {
      await client.end();
      return;
    }
    this.#client = client;
    this.#failures = 0;
  }

  #dropped(client: Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.end().catch(() => undefined);
    this.#reconnect();
  }

  #reconnect(): void {
    if (this.#listeners.size === 0) return;
    const { reconnectDelay, maxReconnectDelay } = this.#options;
    const delay = Math.min(maxReconnectDelay, reconnectDelay * 2 ** Math.min(this.#failures, 20));
    this.#failures += 1;
    this.#retry = setTimeout(() => {
      this.#opening ??= this.#connect().finally(() => {
        this.#opening = undefined;
      });
      this.#opening.then(
        () => {
          this.#retry = undefined;
          if (this.#client) this.#tell();
        },
        () => {
          this.#retry = undefined;
          this.#reconnect();
        },
      );
    }, delay);
  }

  #tell(): void {
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch (error) {
        // A watcher's failure is its own, never the connection's.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** A connection still opening closes itself once open, finding nobody watching. */
  async #disconnect(): Promise<void> {
    clearTimeout(this.#retry);
    this.#retry = undefined;
    const client = this.#client;
    this.#client = undefined;
    await client?.end();
  }
}
