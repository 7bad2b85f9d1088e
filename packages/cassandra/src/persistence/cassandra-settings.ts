import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { integer, oneOf, type SettingSpec } from '@annals/core';
import {
  assertKeyspaceName,
  consistencyNames,
  parseReplication,
  serialConsistencyNames,
  type Consistency,
  type Replication,
  type SerialConsistency,
} from '../options/index.js';

/** `CASSANDRA_CONTACT_POINTS`: comma-separated `host` or `host:port`. */
export const contactPointsSetting: SettingSpec<readonly string[]> = {
  name: 'cassandraContactPoints',
  parse: (text) => {
    const points = text.split(',').map((point) => point.trim());
    if (points.some((point) => point.length === 0)) throw new Error('expected host:port[,host:port…]');
    return points;
  },
};

/** `CASSANDRA_KEYSPACE`. */
export const keyspaceSetting: SettingSpec<string> = {
  name: 'cassandraKeyspace',
  parse: (text) => {
    assertKeyspaceName(text);
    return text;
  },
};

/** `CASSANDRA_LOCAL_DATA_CENTER`. */
export const localDataCenterSetting: SettingSpec<string> = {
  name: 'cassandraLocalDataCenter',
  parse: (text) => text,
};

/** `CASSANDRA_BUCKET_SIZE`. */
export const bucketSizeSetting: SettingSpec<number> = { name: 'cassandraBucketSize', parse: integer(1) };

/** `CASSANDRA_LEASE_TTL`: seconds a lease outlives its holder's last renewal. */
export const leaseTtlSetting: SettingSpec<number> = { name: 'cassandraLeaseTtl', parse: integer(2) };

/** `CASSANDRA_CONSISTENCY`, e.g. `LOCAL_QUORUM`. */
export const consistencySetting: SettingSpec<Consistency> = {
  name: 'cassandraConsistency',
  parse: oneOf(consistencyNames),
};

/** `CASSANDRA_SERIAL_CONSISTENCY`: `LOCAL_SERIAL` or `SERIAL`. */
export const serialConsistencySetting: SettingSpec<SerialConsistency> = {
  name: 'cassandraSerialConsistency',
  parse: oneOf(serialConsistencyNames),
};

/** `CASSANDRA_REPLICATION`: `3` (SimpleStrategy) or `dc1:3,dc2:3` (NetworkTopologyStrategy). */
export const replicationSetting: SettingSpec<Replication> = {
  name: 'cassandraReplication',
  parse: parseReplication,
};

/** `CASSANDRA_MIGRATE`: `true` to create the keyspace and tables before the first operation. */
export const migrateSetting: SettingSpec<boolean> = { name: 'cassandraMigrate', parse: trueOrFalse };

/** `CASSANDRA_TLS`: `true` to connect over TLS, trusting Node's CAs unless `CASSANDRA_CA_FILE` names one. */
export const tlsSetting: SettingSpec<boolean> = { name: 'cassandraTls', parse: trueOrFalse };

/** `CASSANDRA_CA_FILE`: the PEM file of the CA that signed the nodes' certificates; implies TLS. */
export const caFileSetting: SettingSpec<ConnectionOptions> = {
  name: 'cassandraCaFile',
  parse: (path) => ({ ca: readFileSync(path, 'utf8') }),
};

function trueOrFalse(text: string): boolean {
  if (text !== 'true' && text !== 'false') throw new Error('expected true or false');
  return text === 'true';
}
