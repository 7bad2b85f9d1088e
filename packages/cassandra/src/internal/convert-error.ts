import { describeTlsFailure, isAnnalsError, OperationalError } from '@annals/core';
import cassandra from 'cassandra-driver';

const { errors } = cassandra;

/**
 * Turns a driver error into the Annals error callers match on: an unreachable cluster, a timeout or a node
 * refusing the request (too few replicas alive, an invalid statement) become `OperationalError` naming the
 * contact points, saying why when a TLS connection was refused, with the driver's error as `cause`.
 * Anything else is returned as is.
 */
export function convertError(error: unknown, contactPoints: readonly string[]): unknown {
  if (isAnnalsError(error)) return error;
  const where = contactPoints.join(', ');
  if (error instanceof errors.NoHostAvailableError) {
    const tls = Object.values(error.innerErrors as Record<string, unknown>)
      .map(describeTlsFailure)
      .find((reason) => reason !== undefined);
    if (tls) {
      return new OperationalError(
        `no Cassandra node could be reached at ${where} over TLS: ${tls}; check the CA given (the tls option or CASSANDRA_CA_FILE)`,
        { cause: error },
      );
    }
    const answers = Object.values(error.innerErrors as Record<string, unknown>);
    // The driver tried every node and each answered with a refusal (too few replicas alive, overloaded):
    // the nodes were reached, so say what they answered.
    if (answers.length > 0 && answers.every((answer) => answer instanceof errors.ResponseError)) {
      return new OperationalError(
        `Cassandra (${where}) failed on every node tried: ${(answers[0] as Error).message}`,
        { cause: error },
      );
    }
    return new OperationalError(`no Cassandra node could be reached at ${where}: ${error.message}`, {
      cause: error,
    });
  }
  if (error instanceof errors.DriverError) {
    return new OperationalError(`Cassandra (${where}) failed: ${error.message}`, { cause: error });
  }
  return error;
}
