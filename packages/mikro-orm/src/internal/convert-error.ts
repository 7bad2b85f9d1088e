import { describeTlsFailure, isAnnalsError, OperationalError } from '@annals/core';
import { annalsErrorOf, type DriverFailure } from './driver-failure.js';
import { isSqlState, postgresqlFailure } from './postgresql-failures.js';
import { sqliteFailure } from './sqlite-failures.js';

/** Socket errors of a connection that was refused or lost. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
]);

/** What `pg` and its pool throw, without a code, when a connection is lost or cannot be had. */
const LOST_CONNECTION =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|connection error|does not support SSL|Client has encountered a connection error|unable to open database/i;

interface DriverError {
  readonly code?: unknown;
  readonly errcode?: unknown;
  readonly message?: unknown;
  readonly detail?: unknown;
  readonly constraint?: unknown;
}

/**
 * Turns a driver exception into the Annals error callers match on, with the driver's error as `cause`
 * (see {@link annalsErrorOf}): from PostgreSQL by its error code, from SQLite by its result code, lost or
 * refused connections (also over TLS, saying why) by their socket code or `pg`'s message. An error that
 * did not come from the driver (one a caller's own code threw in a transaction) is returned as it is.
 */
export function convertError(error: unknown, endpoint: string): unknown {
  if (isAnnalsError(error) || typeof error !== 'object' || error === null) return error;
  const tls = describeTlsFailure(error);
  if (tls) {
    return new OperationalError(
      `${endpoint} is unavailable over TLS: ${tls}; check the CA of the URL's sslrootcert (or of the tls option) and the host name the URL gives`,
      { cause: error },
    );
  }
  const { code, errcode, message, detail, constraint } = error as DriverError;
  const text = typeof message === 'string' && message !== '' ? message : String(code ?? errcode);
  const failure = failureOf(code, errcode, text);
  if (!failure) return error;
  const conflict = typeof detail === 'string' ? detail : typeof constraint === 'string' ? constraint : text;
  return annalsErrorOf(failure, { endpoint, text, conflict }, error);
}

function failureOf(code: unknown, errcode: unknown, text: string): DriverFailure | undefined {
  if (isSqlState(code)) return postgresqlFailure(code);
  if (typeof errcode === 'number') return sqliteFailure(errcode, text);
  if ((typeof code === 'string' && CONNECTION_CODES.has(code)) || LOST_CONNECTION.test(text)) {
    return 'unavailable';
  }
  return undefined;
}
