import { ValidationError } from '@annals/core';
import type { Request } from 'express';

/** A request for a page of the notification log: the positions after `after`, at most `limit` of them. */
export interface NotificationQuery {
  readonly after: number;
  readonly limit: number;
  /** Only these topics; empty for every topic. */
  readonly topics: readonly string[];
}

/** Reads `after`, `limit` and `topics` (comma-separated, or repeated) from the query string. */
export function parseNotificationQuery(
  query: Request['query'],
  limits: { readonly defaultLimit: number; readonly maxLimit: number },
): NotificationQuery {
  const after = integer(query, 'after', 0, Number.MAX_SAFE_INTEGER - 1) ?? 0;
  const limit = integer(query, 'limit', 0, limits.maxLimit) ?? limits.defaultLimit;
  const raw = query['topics'];
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (!values.every((value) => typeof value === 'string')) {
    throw new ValidationError('topics must be a comma-separated list of topics');
  }
  const topics = values.flatMap((value) => value.split(',')).filter((topic) => topic !== '');
  return { after, limit, topics };
}

/** The path and query of the page that follows `query`'s, on the same endpoint. */
export function pageLink(path: string, query: NotificationQuery): string {
  const topics = query.topics.length > 0 ? `&topics=${query.topics.map(encodeURIComponent).join(',')}` : '';
  return `${path}?after=${query.after}&limit=${query.limit}${topics}`;
}

function integer(query: Request['query'], name: string, min: number, max: number): number | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,16}$/.test(value)) {
    throw new ValidationError(`${name} must be an integer >= ${min}; got ${JSON.stringify(value)}`);
  }
  const number = Number(value);
  if (number < min || number > max) {
    throw new ValidationError(`${name} must be between ${min} and ${max}; got ${value}`);
  }
  return number;
}
