import { describeTlsFailure, isAnnalsError, OperationalError, RecordConflictError } from '@annals/core';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
]);

interface DriverError {
  readonly code?: unknown;
  readonly errcode?: unknown;
  readonly message?: unknown;
  readonly detail?: unknown;
  readonly constraint?: unknown;
}

/**
 * Turns a driver exception into the Annals error callers match on: unique violations become
 * `RecordConflictError`; lost or refused connections, a busy database and a refused TLS connection become
 * `OperationalError` naming the endpoint. Anything else is returned as it is.
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
  const text = typeof message === 'string' ? message : '';
  if (code === '23505' || errcode === 2067 || errcode === 1555 || text.includes('UNIQUE constraint failed')) {
    const what = typeof detail === 'string' ? detail : typeof constraint === 'string' ? constraint : text;
    return new RecordConflictError(`a record with the same identity exists: ${what}`, { cause: error });
  }
  const codeText = typeof code === 'string' ? code : '';
  if (
    CONNECTION_CODES.has(codeText) ||
    /^(08|57P0|53300)/.test(codeText) ||
    errcode === 5 ||
    /Connection terminated|connection timeout|connection error|does not support SSL|database is locked|unable to open database/i.test(
      text,
    )
  ) {
    return new OperationalError(`${endpoint} is unavailable: ${text || codeText}`, { cause: error });
  }
  return error;
}
