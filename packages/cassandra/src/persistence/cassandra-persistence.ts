import { ConfigurationError, type StrategyFactory } from '@annals/core';
import { cassandraStrategy } from '../strategy/index.js';
import {
  bucketSizeSetting,
  caFileSetting,
  consistencySetting,
  contactPointsSetting,
  keyspaceSetting,
  leaseTtlSetting,
  localDataCenterSetting,
  migrateSetting,
  replicationSetting,
  serialConsistencySetting,
  tlsSetting,
} from './cassandra-settings.js';

/**
 * The `cassandra` persistence for `Application`'s `strategies` option. Reads its settings from the
 * environment, each as `<APP>_<NAME>` or `ANNALS_<NAME>`: `CASSANDRA_CONTACT_POINTS` (default
 * `127.0.0.1:9042`), `CASSANDRA_KEYSPACE` (default `annals`), `CASSANDRA_LOCAL_DATA_CENTER` (default
 * `datacenter1`), `CASSANDRA_BUCKET_SIZE`, `CASSANDRA_CONSISTENCY`, `CASSANDRA_SERIAL_CONSISTENCY`,
 * `CASSANDRA_REPLICATION`, `CASSANDRA_MIGRATE`, `CASSANDRA_LEASE_TTL`, and for TLS `CASSANDRA_TLS` (`true`)
 * and `CASSANDRA_CA_FILE` (a PEM file of the CA; implies TLS), with the defaults of `CassandraStrategyOptions`.
 *
 * @example
 * ```ts
 * const bank = new Bank({ persistence: 'cassandra', strategies: { cassandra: cassandraPersistence } });
 * ```
 */
export const cassandraPersistence: StrategyFactory = ({ settings, logger }) => {
  const tls = settings.resolve(tlsSetting, undefined, undefined);
  const ca = settings.resolve(caFileSetting, undefined, undefined);
  if (tls === false && ca) {
    throw new ConfigurationError(
      'cassandraTls',
      'CASSANDRA_TLS is false, but CASSANDRA_CA_FILE names a CA for TLS',
    );
  }
  return cassandraStrategy({
    contactPoints: settings.resolve(contactPointsSetting, undefined, undefined),
    keyspace: settings.resolve(keyspaceSetting, undefined, undefined),
    localDataCenter: settings.resolve(localDataCenterSetting, undefined, undefined),
    bucketSize: settings.resolve(bucketSizeSetting, undefined, undefined),
    consistency: settings.resolve(consistencySetting, undefined, undefined),
    serialConsistency: settings.resolve(serialConsistencySetting, undefined, undefined),
    replication: settings.resolve(replicationSetting, undefined, undefined),
    migrate: settings.resolve(migrateSetting, undefined, undefined),
    leaseTtl: settings.resolve(leaseTtlSetting, undefined, undefined),
    tls: ca ?? (tls ? {} : undefined),
    logger: logger.child({ component: 'cassandra' }),
  });
};
