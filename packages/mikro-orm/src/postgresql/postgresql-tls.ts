import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { ConfigurationError } from '@annals/core';
import { parse } from 'pg-connection-string';

/**
 * The `pg` driver's `ssl` option for a strategy: `tls` when given, else what the URL's libpq parameters say
 * (`sslmode`, `sslrootcert`, `sslcert`, `sslkey`), read by the `pg` driver's own parser. With
 * `sslmode=verify-full&sslrootcert=ca.pem` the server's certificate must be signed by that CA and name the
 * URL's host; `sslmode=disable` turns TLS off; without TLS parameters, none is asked for.
 * @throws ConfigurationError naming `postgresUrl` when a certificate file cannot be read.
 */
export function postgresqlTls(
  url: string,
  tls: ConnectionOptions | undefined,
): ConnectionOptions | boolean | undefined {
  const ssl = tls ?? tlsParameters(url);
  if (ssl === undefined || ssl === false) return ssl;
  const options = ssl === true ? {} : ssl;
  // pg 8.23 names no host to `tls.connect` for an IP address, so Node checks the certificate against
  // 'localhost' instead (brianc/node-postgres#2263); naming it makes the check the one verify-full means.
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return isIP(host) !== 0 && options.host === undefined ? { ...options, host } : options;
}

function tlsParameters(url: string): ConnectionOptions | boolean | undefined {
  let ssl: ReturnType<typeof parse>['ssl'];
  try {
    ({ ssl } = parse(url));
  } catch (error) {
    // No cause: the parser's errors can carry the URL, and with it the password.
    throw new ConfigurationError(
      'postgresUrl',
      `the TLS parameters of the PostgreSQL URL cannot be used: ${(error as Error).message}`,
    );
  }
  if (typeof ssl === 'object') {
    // The parser reports a missing sslcert as null, which Node's TLS options do not accept.
    const { cert, ...options } = ssl;
    return cert === null || cert === undefined ? options : { ...options, cert };
  }
  if (typeof ssl !== 'string') return ssl;
  throw new ConfigurationError(
    'postgresUrl',
    `the PostgreSQL URL's ssl=${ssl} is not understood; say sslmode=verify-full (or disable) instead`,
  );
}
