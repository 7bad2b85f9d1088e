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
  [ErrorCode.conflict]: 409,
  [HttpErrorCode.preconditionFailed]: 412,
  [ErrorCode.notSupported]: 501,
  [ErrorCode.operational]: 503,
  [ErrorCode.closed]: 503,
};

const genericDetails: Readonly<Record<number, string>> = {
  501: 'The server does not support this operation.',
  503: 'The service is unavailable for now; retry later.',
};

/** A problem, and how loudly to log the error behind it: server faults are logged, client errors are not. */
export interface ProblemReport {
  readonly problem: Problem;
  readonly severity: 'warn' | 'error' | undefined;
}

/** The problem that answers `error`, with a generic detail for server faults so no internals leak. */
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
      status < 500 ? detail || title : (genericDetails[status] ?? 'The server could not handle the request.'),
    instance,
    code,
  };
  const severity = status < 500 ? undefined : status === 503 ? 'warn' : 'error';
  return { problem, severity };
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
      return { status: 400, code: ErrorCode.validation, detail: `malformed JSON body: ${http.message}` };
    }
    const code = http.status < 500 ? HttpErrorCode.requestRejected : HttpErrorCode.internal;
    return { status: http.status, code, detail: http.expose ? http.message : '' };
  }
  return { status: 500, code: HttpErrorCode.internal, detail: '' };
}

/** An error in the shape of the `http-errors` package that Express and body-parser throw. */
function httpErrorOf(
  error: unknown,
): { status: number; message: string; expose: boolean; type: unknown } | undefined {
  if (!(error instanceof Error)) return undefined;
  const fields = error as Error & {
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
    type?: unknown;
  };
  const status = fields.status ?? fields.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599)
    return undefined;
  return { status, message: error.message, expose: fields.expose === true, type: fields.type };
}
