import type { DriverFailure } from './driver-failure.js';

/** SQLite result codes (https://sqlite.org/rescode.html); extended codes keep the primary one in the low byte. */
const SQLITE = {
  error: 1,
  busy: 5,
  locked: 6,
  readonly: 8,
  ioerr: 10,
  corrupt: 11,
  full: 13,
  cantopen: 14,
  toobig: 18,
  constraint: 19,
  mismatch: 20,
  range: 25,
  notadb: 26,
  constraintPrimaryKey: 1555,
  constraintUnique: 2067,
} as const;

/** What an SQLite result code (`errcode` of a `node:sqlite` error) says happened. */
export function sqliteFailure(errcode: number, text: string): DriverFailure {
  if (errcode === SQLITE.constraintUnique || errcode === SQLITE.constraintPrimaryKey) return 'conflict';
  switch (errcode & 0xff) {
    case SQLITE.busy:
    case SQLITE.locked:
      return 'busy';
    case SQLITE.readonly:
    case SQLITE.ioerr:
    case SQLITE.corrupt:
    case SQLITE.full:
    case SQLITE.cantopen:
    case SQLITE.notadb:
      return 'unavailable';
    case SQLITE.constraint:
    case SQLITE.toobig:
    case SQLITE.mismatch:
    case SQLITE.range:
      return 'refused-value';
    case SQLITE.error:
      return /no such (table|column)/.test(text) ? 'missing-schema' : 'failed';
    default:
      return 'failed';
  }
}
