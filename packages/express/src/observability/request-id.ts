import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';

/** The header a request id is read from and answered in. */
export const requestIdHeader = 'X-Request-Id';

const requestIds = new WeakMap<Request, string>();

/** An id a client may choose: short, and safe to write into logs and headers. */
const acceptable = /^[\w.:@-]{1,128}$/;

/**
 * The request's id: the client's `X-Request-Id` when it is acceptable, else a new UUID; given once per
 * request and answered in the `X-Request-Id` header.
 */
export function requestIdOf(request: Request, response: Response): string {
  let id = requestIds.get(request);
  if (id === undefined) {
    const sent = request.get(requestIdHeader);
    id = sent !== undefined && acceptable.test(sent) ? sent : randomUUID();
    requestIds.set(request, id);
    if (!response.headersSent) response.set(requestIdHeader, id);
  }
  return id;
}

/** The request's id, when {@link requestIdOf} gave it one. */
export function knownRequestId(request: Request): string | undefined {
  return requestIds.get(request);
}
