import cassandra, { type QueryOptions, type types } from 'cassandra-driver';
import type { ResolvedOptions } from '../options/index.js';

/** One statement of a batch with its bound values. */
export interface BatchStatement {
  readonly query: string;
  readonly params: readonly unknown[];
}

/**
 * What the strategy needs of a CQL session: the driver's `Client` narrowed to three calls. Tests wrap it to
 * inject faults (a write timeout after, or instead of, a real write) that a healthy node never produces.
 */
export interface Executor {
  execute(query: string, params: readonly unknown[], options: QueryOptions): Promise<types.ResultSet>;
  batch(statements: readonly BatchStatement[], options: QueryOptions): Promise<types.ResultSet>;
  shutdown(): Promise<void>;
}

/** Builds the executor for resolved options. */
export type Connector = (options: ResolvedOptions) => Executor;

/**
 * Connects through `cassandra-driver`. The client connects on first use, not here. Blobs and uuids come as
 * views of the frame they arrived in (`encoding.copyBuffer: false`) rather than copies: the strategy turns
 * them into text or strings at once, and copies the states it keeps as bytes (see `toReadEvent`).
 */
export const driverConnector: Connector = (options) => {
  const client = new cassandra.Client({
    ...options.clientOptions,
    contactPoints: [...options.contactPoints],
    localDataCenter: options.localDataCenter,
    encoding: { ...options.clientOptions.encoding, copyBuffer: false },
  });
  return {
    execute: (query, params, queryOptions) => client.execute(query, params, queryOptions),
    // The driver reads the statements and their values and never changes them; its type wants a mutable list.
    batch: (statements, queryOptions) => client.batch([...statements], queryOptions),
    shutdown: () => client.shutdown(),
  };
};
