import type { Request, Response } from 'express';
import { knownRequestId } from '../observability/request-id.js';
import { problemContentType, type Problem } from '../problems/problem.js';

/** The request path without its query, the `instance` of a problem. */
export function instanceOf(request: Request): string {
  return request.originalUrl.split('?', 1)[0] ?? '/';
}

/** Answers with a problem as `application/problem+json`, with the request's id when it has one. */
export function sendProblem(response: Response, problem: Problem): void {
  const requestId = knownRequestId(response.req);
  const body = requestId === undefined ? problem : { ...problem, requestId };
  response.status(problem.status).type(problemContentType).send(JSON.stringify(body));
}
