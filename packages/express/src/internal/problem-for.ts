import { ErrorCode, isAnnalsError } from '@annals/core';
import { STATUS_CODES } from 'node:http';
import { HttpErrorCode } from '../problems/http-error-code.js';
import { problemType, type Problem } from '../problems/problem.js';

/**
 * The status of each Annals error code. Codes not listed answer 500: a configuration error, a stored topic
 * with no registered class (`ANNALS_TOPIC_NOT_FOUND`) or a failed integrity check are faults of the server or
 * its data, not of the request, and retrying the request cannot help.
 */
const statuses: Readonly<Record<string, number>> = {
  [ErrorCode.validation]: 400,
  [ErrorCode.notFound]: 404,
  [ErrorCode.projectionNotFound]: 404,
  [ErrorCode.conflict]: 409,
  [HttpErrorCode.preconditionFailed]: 412,
  [ErrorCode.notSupported]: 501,
  [ErrorCode.operational]: 503,
  [ErrorCode.closed]: 503,
  [ErrorCode.timeout]: 503,
};

/**
 * How long a client should wait before it tries again after a timeout, in seconds: a read-your-writes wait
 * that timed out succeeds once the projection has caught up, usually soon after.
 */
const retryAfterTimeout = 1;

const unavailable = 'The service is unavailable for now; retry later.';

/**
 * The details of errors whose messages come from the storage, which name its tables, columns, hosts or
 * files, whatever status they are answered with.
 */
const storageDetails: Readonly<Record<string, string>> = {
  [ErrorCode.conflict]: 'The aggregate was changed by another request; reload it and retry.',
  [ErrorCode.operational]: unavailable,
  [ErrorCode.closed]: unavailable,
};

/** The details of errors whose messages are for the server's logs, but whose kind the client should know. */
const serverDetails: Readonly<Record<string, string>> = {
  [ErrorCode.timeout]: 'The service has not caught up yet; retry shortly.',
};

const serverFaultDetails: Readonly<Record<number, string>> = {
  501: 'The server does not support this operation.',
  503: unavailable,
};

/** A problem, and how loudly to log the error behind it: server faults are logged, client errors are not. */
export interface ProblemReport {
  readonly problem: Problem;
  readonly severity: 'warn' | 'error' | undefined;
  /** The `Retry-After` of the answer, in seconds, when the client should retry after a while. */
  readonly retryAfter: number | undefined;
}

/**
 * The problem that answers `error`, with a generic detail for server faults and storage errors so no
 * internals leak.
 */
export function problemFor(
  error: unknown,
  instance: string,
  extraStatuses: Readonly<Record<string, number>>,
): ProblemReport {
  const { status, code, detail } = classify(error, extraStatuses);
  const title = STATUS_CODES[status] ?? 'Error';
  const problem: Problem = {
    type: problemType(code),
    title,
    status,
    detail:
      storageDetails[code] ??
      (status >= 500 ? serverDetails[code] : undefined) ??
      (status < 500
        ? detail || title
        : (serverFaultDetails[status] ?? 'The server could not handle the request.')),
    instance,
    code,
  };
  const severity = status < 500 ? undefined : status === 503 ? 'warn' : 'error';
  return { problem, severity, retryAfter: code === ErrorCode.timeout ? retryAfterTimeout : undefined };
}

function classify(
  error: unknown,
  extraStatuses: Readonly<Record<string, number>>,
): { status: number; code: string; detail: string } {
  if (isAnnalsError(error)) {
    const status = extraStatuses[error.code] ?? statuses[error.code] ?? 500;
    return { status, code: error.code, detail: error.message };
  }
  const http = httpErrorOf(error);
  if (http) {
    // body-parser's errors: a malformed JSON body is invalid input like any other.
    if (http.type === 'entity.parse.failed') {
      return { status: 400, code: ErrorCode.validation, detail: parseFailure(http.body, http.message) };
    }
    const code = http.status < 500 ? HttpErrorCode.requestRejected : HttpErrorCode.internal;
    return { status: http.status, code, detail: http.expose ? http.message : '' };
  }
  return { status: 500, code: HttpErrorCode.internal, detail: '' };
}

/**
 * Why body-parser refused a JSON body. In strict mode (the default of `express.json()`) it also refuses valid
 * JSON that is neither an object nor an array, with the message of a syntax error.
 */
function parseFailure(body: unknown, message: string): string {
  const malformed = `malformed JSON body: ${message}`;
  if (typeof body !== 'string') return malformed;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return malformed;
  }
  if (value !== null && typeof value === 'object') return malformed;
  return `the JSON body is ${value === null ? 'null' : `a ${typeof value}`}, not an object or array`;
}

/** An error in the shape of the `http-errors` package that Express and body-parser throw. */
function httpErrorOf(
  error: unknown,
): { status: number; message: string; expose: boolean; type: unknown; body: unknown } | undefined {
  if (!(error instanceof Error)) return undefined;
  const fields = error as Error & {
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
    type?: unknown;
    body?: unknown;
  };
  const status = fields.status ?? fields.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599)
    return undefined;
  return {
    status,
    message: error.message,
    expose: fields.expose === true,
    type: fields.type,
    body: fields.body,
  };
}
