import type { StrategyFactory } from '@annals/core';
import { cassandraStrategy } from '../strategy/index.js';
import {
  bucketSizeSetting,
  consistencySetting,
  contactPointsSetting,
  keyspaceSetting,
  localDataCenterSetting,
  migrateSetting,
  replicationSetting,
  serialConsistencySetting,
} from './cassandra-settings.js';

/**
 * The `cassandra` persistence for `Application`'s `strategies` option. Reads its settings from the
 * environment, each as `<APP>_<NAME>` or `ANNALS_<NAME>`: `CASSANDRA_CONTACT_POINTS` (default
 * `127.0.0.1:9042`), `CASSANDRA_KEYSPACE` (default `annals`), `CASSANDRA_LOCAL_DATA_CENTER` (default
 * `datacenter1`), `CASSANDRA_BUCKET_SIZE`, `CASSANDRA_CONSISTENCY`, `CASSANDRA_SERIAL_CONSISTENCY`,
 * `CASSANDRA_REPLICATION` and `CASSANDRA_MIGRATE`, with the defaults of `CassandraStrategyOptions`.
 *
 * @example
 * ```ts
 * const bank = new Bank({ persistence: 'cassandra', strategies: { cassandra: cassandraPersistence } });
 * ```
 */
export const cassandraPersistence: StrategyFactory = ({ settings, logger }) =>
  cassandraStrategy({
    contactPoints: settings.resolve(contactPointsSetting, undefined, undefined),
    keyspace: settings.resolve(keyspaceSetting, undefined, undefined),
    localDataCenter: settings.resolve(localDataCenterSetting, undefined, undefined),
    bucketSize: settings.resolve(bucketSizeSetting, undefined, undefined),
    consistency: settings.resolve(consistencySetting, undefined, undefined),
    serialConsistency: settings.resolve(serialConsistencySetting, undefined, undefined),
    replication: settings.resolve(replicationSetting, undefined, undefined),
    migrate: settings.resolve(migrateSetting, undefined, undefined),
    logger: logger.child('cassandra'),
  });
