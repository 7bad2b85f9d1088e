import { randomUUID } from 'node:crypto';
import cassandra, { type QueryOptions, type types } from 'cassandra-driver';
import { v7 as uuidv7 } from 'uuid';
import { DEPOSIT_TOPIC } from '../../sql/deposit.js';
import { decodeEnvelope, encodeEnvelope } from '../../sql/envelope.js';
import type { CassandraContender } from '../cassandra-contender.js';
import type { AppendShape } from '../cassandra-task.js';
import {
  BUCKET_SIZE,
  CLIENT_OPTIONS,
  CONSISTENCY,
  CONTACT_POINTS,
  LOCAL_DATA_CENTER,
  PAGE_SIZE,
  SERIAL_CONSISTENCY,
} from '../connection.js';
import { runWriters } from '../writers.js';
import { rawCql, type RawCql } from './raw-cql.js';

const { consistencies, Long } = cassandra.types;

/** A writer's aggregate and the buckets it has opened (0 … openBuckets - 1). */
interface RawWriter {
  readonly id: string;
  openBuckets: number;
}

/** The strategy's consistency levels: LOCAL_QUORUM (QUORUM on the cluster) for reads and commits, LOCAL_SERIAL (SERIAL) for Paxos. */
const BASE: QueryOptions = {
  prepare: true,
  consistency: CONSISTENCY === 'QUORUM' ? consistencies.quorum : consistencies.localQuorum,
  serialConsistency: SERIAL_CONSISTENCY === 'SERIAL' ? consistencies.serial : consistencies.localSerial,
};
/** A single-partition batch: unlogged, as the strategy sends it (a conditional batch is atomic anyway). */
const BATCH: QueryOptions = { ...BASE, logged: false };
const READ: QueryOptions = { ...BASE, isIdempotent: true, fetchSize: PAGE_SIZE };

/**
 * The same work with `cassandra-driver` by hand, on the same tables with the same prepared statements: the
 * baseline Annals' overhead is measured against. Per row read it does what a user needs for a usable object,
 * and no more: one `JSON.parse` of the stored bytes, as the raw contender of the SQL suite does.
 */
export class RawContender implements CassandraContender {
  readonly #cql: RawCql;

  private constructor(
    readonly client: cassandra.Client,
    keyspace: string,
  ) {
    this.#cql = rawCql(keyspace);
  }

  static async open(keyspace: string): Promise<RawContender> {
    const client = new cassandra.Client({
      ...CLIENT_OPTIONS,
      contactPoints: [...CONTACT_POINTS],
      localDataCenter: LOCAL_DATA_CENTER,
    });
    await client.connect();
    return new RawContender(client, keyspace);
  }

  append(shape: AppendShape): Promise<void> {
    return runWriters(
      shape,
      (): RawWriter => ({ id: uuidv7(), openBuckets: 1 }),
      (writer, firstVersion, events) => this.#append(writer, firstVersion, events),
    );
  }

  async seed(events: number, eventsPerAppend: number): Promise<string> {
    const writer: RawWriter = { id: uuidv7(), openBuckets: 1 };
    for (let stored = 0; stored < events; stored += eventsPerAppend) {
      await this.#append(writer, stored + 1, eventsPerAppend);
    }
    return writer.id;
  }

  async load(aggregateId: string, events: number): Promise<void> {
    let version = 0;
    let balance = 0;
    // Bucket by bucket, page by page; no bucket follows one that is not sealed (its head below its end).
    for (let bucket = 0; ; bucket++) {
      let pageState: string | undefined;
      do {
        const page = await this.client.execute(
          this.#cql.selectEventsAsc,
          [aggregateId, bucket, 0, Number.MAX_SAFE_INTEGER],
          pageState === undefined ? READ : { ...READ, pageState },
        );
        for (const row of page.rows) {
          const stored = versionOf(row);
          if (stored !== version + 1) throw new Error(`raw found a gap after version ${version}`);
          balance += decodeEnvelope(row.get('state') as Buffer).p.amount;
          version = stored;
        }
        pageState = page.pageState ?? undefined;
      } while (pageState !== undefined);
      if (version < (bucket + 1) * BUCKET_SIZE) break;
    }
    if (version !== events) throw new Error(`raw loaded ${version} of ${events} events (balance ${balance})`);
  }

  /** Itself: whatever layer Annals is measured with, a user of the raw driver reads plain JSON rows. */
  async withLayer(): Promise<CassandraContender> {
    return this;
  }

  close(): Promise<void> {
    return this.client.shutdown();
  }

  /**
   * One conditional single-partition batch: the head check, then one INSERT per event, all carrying one
   * append id. The first append into a new bucket opens it first, with the head the writer knows it left in
   * the sealed bucket before; only the seeds cross buckets, the measured appends stay in bucket 0.
   */
  async #append(writer: RawWriter, firstVersion: number, events: number): Promise<void> {
    const { id } = writer;
    const bucket = Math.floor((firstVersion - 1) / BUCKET_SIZE);
    if (bucket >= writer.openBuckets) {
      const opened = await this.client.execute(this.#cql.openBucket, [firstVersion - 1, id, bucket], BASE);
      if (opened.first().get('[applied]') !== true) throw new Error(`raw could not open bucket ${bucket}`);
      writer.openBuckets = bucket + 1;
    }
    const lastVersion = firstVersion + events - 1;
    const appendId = randomUUID();
    const queries: { query: string; params: unknown[] }[] = [
      {
        query: this.#cql.checkHead,
        params: [lastVersion, id, bucket, firstVersion === 1 ? null : firstVersion - 1],
      },
    ];
    for (let version = firstVersion; version <= lastVersion; version++) {
      queries.push({
        query: this.#cql.insertEvent,
        params: [id, bucket, version, DEPOSIT_TOPIC, encodeEnvelope(version), appendId],
      });
    }
    const result = await this.client.batch(queries, BATCH);
    if (result.first().get('[applied]') !== true) {
      throw new Error(`raw's append of version ${firstVersion} of ${id} was not applied`);
    }
  }
}

function versionOf(row: types.Row): number {
  const value: unknown = row.get('originator_version');
  if (!(value instanceof Long)) throw new Error('raw read a row without a version');
  return value.toNumber();
}
