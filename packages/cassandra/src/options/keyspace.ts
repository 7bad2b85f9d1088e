import { ValidationError } from '@annals/core';

const KEYSPACE = /^[a-z][a-z0-9_]{0,47}$/;

/**
 * Rejects a keyspace name that CQL would need quoting for, that Cassandra would fold to another case, or
 * that names one of Cassandra's own keyspaces, before it is written into any statement.
 */
export function assertKeyspaceName(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !KEYSPACE.test(value)) {
    throw new ValidationError(
      `keyspace must be 1 to 48 lower-case letters, digits or underscores, starting with a letter; ` +
        `got ${JSON.stringify(value)}`,
    );
  }
  if (value.startsWith('system')) {
    throw new ValidationError(`keyspace "${value}" is reserved for Cassandra's own tables`);
  }
}
