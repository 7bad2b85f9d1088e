import type { Request, Response } from 'express';
import { problemContentType, type Problem } from '../problems/problem.js';

/** The request path without its query, the `instance` of a problem. */
export function instanceOf(request: Request): string {
  return request.originalUrl.split('?', 1)[0] ?? '/';
}

/** Answers with a problem as `application/problem+json`. */
export function sendProblem(response: Response, problem: Problem): void {
  response.status(problem.status).type(problemContentType).send(JSON.stringify(problem));
}
