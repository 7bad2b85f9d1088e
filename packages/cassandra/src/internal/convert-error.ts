import { isAnnalsError, OperationalError } from '@annals/core';
import cassandra from 'cassandra-driver';

const { errors } = cassandra;

/**
 * Turns a driver error into the Annals error callers match on: an unreachable cluster, a timeout or a node
 * refusing the request become `OperationalError` naming the contact points. Anything else is returned as is.
 */
export function convertError(error: unknown, contactPoints: readonly string[]): unknown {
  if (isAnnalsError(error)) return error;
  const where = contactPoints.join(', ');
  if (error instanceof errors.NoHostAvailableError) {
    return new OperationalError(`no Cassandra node could be reached at ${where}: ${error.message}`, {
      cause: error,
    });
  }
  if (error instanceof errors.DriverError) {
    return new OperationalError(`Cassandra (${where}) failed: ${error.message}`, { cause: error });
  }
  return error;
}
