import { randomBytes } from 'node:crypto';
import { cassandraStrategy } from '@annals/cassandra';
import cassandra from 'cassandra-driver';
import {
  BUCKET_SIZE,
  CLIENT_OPTIONS,
  CONSISTENCY,
  CONTACT_POINTS,
  LOCAL_DATA_CENTER,
  PAGE_SIZE,
  REPLICATION,
  SERIAL_CONSISTENCY,
} from './connection.js';

/** A fresh keyspace for one run, migrated by the strategy, dropped when disposed. */
export class BenchKeyspace implements AsyncDisposable {
  private constructor(
    readonly name: string,
    readonly client: cassandra.Client,
  ) {}

  /** Creates `annals_bench_<random>` with the strategy's `migrate()`. */
  static async create(): Promise<BenchKeyspace> {
    const name = `annals_bench_${randomBytes(6).toString('hex')}`;
    const strategy = cassandraStrategy({
      contactPoints: CONTACT_POINTS,
      localDataCenter: LOCAL_DATA_CENTER,
      keyspace: name,
      bucketSize: BUCKET_SIZE,
      pageSize: PAGE_SIZE,
      replication: REPLICATION,
      consistency: CONSISTENCY,
      serialConsistency: SERIAL_CONSISTENCY,
      clientOptions: CLIENT_OPTIONS,
    });
    const client = new cassandra.Client({
      ...CLIENT_OPTIONS,
      contactPoints: [...CONTACT_POINTS],
      localDataCenter: LOCAL_DATA_CENTER,
    });
    const keyspace = new BenchKeyspace(name, client);
    try {
      await strategy.migrate();
    } catch (error) {
      await keyspace[Symbol.asyncDispose]();
      throw error;
    } finally {
      await strategy.close();
    }
    return keyspace;
  }

  /** The node's Cassandra version, for the report's machine section. */
  async serverVersion(): Promise<string> {
    const row = (await this.client.execute('SELECT release_version FROM system.local')).first();
    const version: unknown = row?.get('release_version');
    return typeof version === 'string' ? version : 'unknown';
  }

  async [Symbol.asyncDispose](): Promise<void> {
    try {
      await this.client.execute(`DROP KEYSPACE IF EXISTS ${this.name}`);
    } finally {
      await this.client.shutdown();
    }
  }
}
