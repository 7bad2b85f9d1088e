import type { EventRange } from '@annals/core';

/** Builds the WHERE/ORDER/LIMIT tail of an aggregate read; `next` yields the dialect's next placeholder. */
export function rangeClause(range: EventRange, params: unknown[], next: () => string): string {
  let sql = '';
  if (range.gt !== undefined && range.gt > 0) {
    params.push(range.gt);
    sql += ` AND originator_version > ${next()}`;
  }
  if (range.lte !== undefined) {
    params.push(range.lte);
    sql += ` AND originator_version <= ${next()}`;
  }
  sql += range.desc ? ' ORDER BY originator_version DESC' : ' ORDER BY originator_version';
  if (range.limit !== undefined) {
    params.push(range.limit);
    sql += ` LIMIT ${next()}`;
  }
  return sql;
}

/** A placeholder counter for PostgreSQL's numbered parameters, starting after `used`. */
export function numbered(used = 0): () => string {
  let index = used;
  return () => `$${++index}`;
}
