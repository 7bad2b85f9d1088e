import type { DriverFailure } from './driver-failure.js';

/** A PostgreSQL error code: five digits or capital letters (SQLSTATE). */
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** True for a code PostgreSQL sends with an error (also copied onto MikroORM's exceptions). */
export function isSqlState(code: unknown): code is string {
  return typeof code === 'string' && SQLSTATE.test(code);
}

/**
 * What a PostgreSQL error code says happened, by its class
 * (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 */
export function postgresqlFailure(code: string): DriverFailure {
  if (code === '23505') return 'conflict';
  if (code === '42P01' || code === '42703' || code === '3F000') return 'missing-schema';
  if (code === '57014' || code === '55P03') return 'cancelled';
  // A string holding NUL that reached the query text (MikroORM inlines parameters) breaks the message.
  if (code === '08P01') return 'refused-value';
  switch (code.slice(0, 2)) {
    case '08': // connection exception
    case '53': // insufficient resources, e.g. too many connections
    case '57': // operator intervention: the server shuts down or ended the session
    case '58': // system error
      return 'unavailable';
    case '40': // transaction rollback: serialization failure, deadlock
      return 'rolled-back';
    case '22': // data exception: a value out of range, malformed or holding NUL
    case '23': // integrity constraint violation other than a unique one
      return 'refused-value';
    case '28': // invalid authorization
    case '3D': // no such database
      return 'refused-connection';
    default:
      return 'failed';
  }
}

/**
 * True for an error of a read that selected a state as text which is not valid UTF-8 (NUL included), or
 * which the database's encoding cannot hold: its `asBytes` twin reads it.
 */
export function isStateNotText(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '22021' || code === '22P05';
}
