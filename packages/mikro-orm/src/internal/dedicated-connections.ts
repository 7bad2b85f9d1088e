import { ConfigurationError } from '@annals/core';
import type { MikroORM } from '@mikro-orm/core';
import type { Client, ClientConfig, Pool } from 'pg';
import type { Statement } from '../dialect/dialect.js';
import { convertError } from './convert-error.js';

/** Options of {@link DedicatedConnections}. */
export interface DedicatedConnectionsOptions {
  readonly orm: MikroORM;
  /** What operational errors name. */
  readonly endpoint: string;
}

/**
 * Opens PostgreSQL connections of their own, outside the ORM's pool, with the settings of that pool (host,
 * credentials, TLS): for what lives as long as a session, such as an advisory lock or a LISTEN, which on a
 * pooled connection would pass to whatever work next borrows it. `pg` is loaded on first use, so SQLite
 * users need not install it.
 */
export class DedicatedConnections {
  readonly #options: DedicatedConnectionsOptions;
  #settings: Promise<ClientConfig> | undefined;

  constructor(options: DedicatedConnectionsOptions) {
    this.#options = options;
  }

  /**
   * A connected client. It reports a dropped connection with `error` and `end` events.
   * @param overrides settings of this connection only, e.g. `query_timeout`
   */
  async open(overrides: ClientConfig = {}): Promise<Client> {
    const { Client } = await import('pg');
    const client = new Client({ ...(await this.#poolSettings()), keepAlive: true, ...overrides });
    try {
      await client.connect();
    } catch (error) {
      throw this.convert(error);
    }
    return client;
  }

  /** A driver error as the Annals error callers match on (see `convertError`). */
  convert(error: unknown): unknown {
    return convertError(error, this.#options.endpoint);
  }

  /** Runs one statement on `client`. */
  async query<R>(client: Client, statement: Statement): Promise<R[]> {
    try {
      return (await client.query({ text: statement.sql, values: [...statement.params] })).rows as R[];
    } catch (error) {
      throw this.convert(error);
    }
  }

  #poolSettings(): Promise<ClientConfig> {
    this.#settings ??= (async () => {
      const connection = this.#options.orm.em.getConnection() as { getNativeClient?: () => Promise<Pool> };
      try {
        if (!connection.getNativeClient) throw new Error('its connection has no pg pool');
        // pg hands a pool's options to every client the pool opens: they are the ORM's connection settings.
        const { options } = await connection.getNativeClient();
        // pg-pool keeps the password out of logs as a non-enumerable property, which a spread leaves behind.
        return { ...options, password: options.password };
      } catch (error) {
        this.#settings = undefined;
        const converted = this.convert(error);
        if (converted !== error) throw converted;
        throw new ConfigurationError(
          'orm',
          `leases and log watching open PostgreSQL connections of their own with the settings of the ORM's ` +
            `pg pool, which this ORM does not expose (is its driverOptions a Kysely instance or dialect?): ` +
            `${(error as Error).message}`,
          { cause: error },
        );
      }
    })();
    return this.#settings;
  }
}
