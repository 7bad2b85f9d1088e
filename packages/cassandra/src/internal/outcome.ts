import cassandra from 'cassandra-driver';

const { errors, types } = cassandra;
const codes = types.responseErrorCodes;

/** Refusals that happen before a coordinator starts the Paxos round: the write certainly did not happen. */
const refusedBeforeExecution = new Set<number>([
  codes.syntaxError,
  codes.invalid,
  codes.unauthorized,
  codes.configError,
  codes.alreadyExists,
  codes.protocolError,
  codes.badCredentials,
  codes.isBootstrapping,
  codes.overloaded,
]);

/**
 * True when a conditional write failed in a way that leaves its outcome unknown: a server write or read
 * timeout (`writeType` CAS, SIMPLE, BATCH, whichever phase), a client-side timeout, a lost connection, an
 * `unavailable` from the commit phase, a server error. Only errors that prove the request was never executed
 * count as known failures; everything else is resolved by a serial read.
 */
export function isOutcomeUnknown(error: unknown): boolean {
  if (
    error instanceof errors.NoHostAvailableError ||
    error instanceof errors.BusyConnectionError ||
    error instanceof errors.ArgumentError ||
    error instanceof TypeError
  ) {
    return false;
  }
  if (error instanceof errors.ResponseError) return !refusedBeforeExecution.has(error.code);
  return true;
}
