import { silentLogger, ValidationError, type Logger } from '@annals/core';
import type { DseClientOptions } from 'cassandra-driver';
import type { CassandraStrategyOptions } from './cassandra-strategy-options.js';
import {
  consistencyNames,
  serialConsistencyNames,
  type Consistency,
  type SerialConsistency,
} from './consistency.js';
import { withContactPort } from './contact-port.js';
import { assertKeyspaceName } from './keyspace.js';
import { assertReplication, type Replication } from './replication.js';

/** {@link CassandraStrategyOptions} checked, with every default filled in. */
export interface ResolvedOptions {
  readonly contactPoints: readonly string[];
  readonly localDataCenter: string;
  readonly keyspace: string;
  readonly bucketSize: number;
  readonly consistency: Consistency;
  readonly serialConsistency: SerialConsistency;
  readonly replication: Replication;
  readonly migrate: boolean;
  readonly pageSize: number;
  readonly leaseTtl: number;
  readonly clientOptions: Omit<DseClientOptions, 'contactPoints' | 'localDataCenter' | 'keyspace'>;
  readonly logger: Logger;
}

const CONTACT_POINT = /^[A-Za-z0-9._:[\]-]+$/;

/** Checks the options and fills in defaults; throws `ValidationError` before anything is sent. */
export function resolveOptions(options: CassandraStrategyOptions = {}): ResolvedOptions {
  const keyspace = options.keyspace ?? 'annals';
  assertKeyspaceName(keyspace);
  const contactPoints = options.contactPoints ?? ['127.0.0.1:9042'];
  if (contactPoints.length === 0 || !contactPoints.every((point) => CONTACT_POINT.test(point))) {
    throw new ValidationError(
      `contactPoints must be a non-empty list of host or host:port; got ${JSON.stringify(contactPoints)}`,
    );
  }
  const localDataCenter = options.localDataCenter ?? 'datacenter1';
  if (localDataCenter.length === 0) throw new ValidationError('localDataCenter must not be empty');
  const bucketSize = positiveInteger('bucketSize', options.bucketSize ?? 1000);
  const pageSize = positiveInteger('pageSize', options.pageSize ?? 500);
  const leaseTtl = options.leaseTtl ?? 10;
  // A TTL counts whole seconds from the second a write lands in: a lease row lives at least leaseTtl − 1.
  if (!Number.isSafeInteger(leaseTtl) || leaseTtl < 2) {
    throw new ValidationError(`leaseTtl must be an integer >= 2 (seconds); got ${String(leaseTtl)}`);
  }
  const consistency = oneOf('consistency', consistencyNames, options.consistency ?? 'LOCAL_QUORUM');
  const serialConsistency = oneOf(
    'serialConsistency',
    serialConsistencyNames,
    options.serialConsistency ?? 'LOCAL_SERIAL',
  );
  const replication = options.replication ?? { class: 'SimpleStrategy', replicationFactor: 1 };
  assertReplication(replication);
  const clientOptions = withContactPort(options.clientOptions ?? {}, contactPoints);
  const tls = options.tls ?? clientOptions.sslOptions;
  return {
    contactPoints: [...contactPoints],
    localDataCenter,
    keyspace,
    bucketSize,
    consistency,
    serialConsistency,
    replication,
    migrate: options.migrate ?? false,
    pageSize,
    leaseTtl,
    // The driver accepts any certificate unless told to verify it.
    clientOptions: tls
      ? { ...clientOptions, sslOptions: { rejectUnauthorized: true, ...tls } }
      : clientOptions,
    logger: options.logger ?? silentLogger,
  };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ValidationError(`${name} must be an integer >= 1; got ${String(value)}`);
  }
  return value;
}

function oneOf<T extends string>(name: string, choices: readonly T[], value: T): T {
  if (!choices.includes(value)) {
    throw new ValidationError(`${name} must be one of ${choices.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return value;
}
