import type { types } from 'cassandra-driver';
import type { ReadOptions, Session } from './session.js';

/** Every row a query returns, page after page (a result set holds only its first page). */
export async function readAll(
  session: Session,
  query: string,
  params: readonly unknown[],
  options: ReadOptions = {},
): Promise<types.Row[]> {
  const rows: types.Row[] = [];
  let pageState: string | undefined;
  do {
    const result = await session.read(query, params, { ...options, pageState });
    rows.push(...result.rows);
    pageState = result.pageState ?? undefined;
  } while (pageState);
  return rows;
}
