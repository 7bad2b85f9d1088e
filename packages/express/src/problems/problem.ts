/** The media type of problem details (RFC 9457). */
export const problemContentType = 'application/problem+json';

/**
 * An RFC 9457 problem details object, the body of every error answer of this package. Clients branch on
 * `code` (or `type`), which are stable; `detail` is for people.
 */
export interface Problem {
  /** `urn:annals:problem:<code>`, e.g. `urn:annals:problem:ANNALS_RECORD_CONFLICT`. */
  readonly type: string;
  /** The HTTP reason phrase of `status`, the same for every problem of a type. */
  readonly title: string;
  /** The HTTP status code of the answer. */
  readonly status: number;
  /** What went wrong with this request. Answers with a 5xx status carry a generic text, never internals. */
  readonly detail: string;
  /** The request path (without the query). */
  readonly instance: string;
  /** The stable error code, e.g. `ANNALS_VALIDATION`. */
  readonly code: string;
  /** The request's id, as in the `X-Request-Id` header and the request's log line, when `requestLog()` runs. */
  readonly requestId?: string;
}

/** The problem type URI of an error code. */
export function problemType(code: string): string {
  return `urn:annals:problem:${code}`;
}
