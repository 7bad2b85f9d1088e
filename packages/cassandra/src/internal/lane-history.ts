import { readAll } from './read-all.js';
import { numberColumn } from './rows.js';
import type { Session } from './session.js';

/** A lane's head in a page: an aggregate's latest version there, or an application's latest tracked position. */
export interface LaneHead {
  readonly version: number | null;
  readonly position: number | null;
}

/**
 * A lane's head in the latest page before `page` that holds its rows, found through the lane's index. The
 * index lists a page before the lane's first rows are written there, so it may list a page whose write
 * failed: such pages are passed over. Pages before the tail are sealed, so what is read never changes.
 */
export async function latestBefore(
  session: Session,
  lane: string,
  page: number,
): Promise<LaneHead | undefined> {
  const { cql } = session;
  const listed = await session.read(cql.selectLanePagesBefore, [lane, page]);
  for (const row of listed.rows) {
    const before = numberColumn(row, 'page');
    if (before === null) continue;
    const head = (await session.read(cql.selectLaneHead, [before, lane])).first();
    if (!head) continue;
    return { version: numberColumn(head, 'originator_version'), position: numberColumn(head, 'position') };
  }
  return undefined;
}

/** Every page a lane's index lists, oldest first. */
export async function lanePages(session: Session, lane: string): Promise<number[]> {
  const rows = await readAll(session, session.cql.selectLanePages, [lane]);
  return rows.map((row) => numberColumn(row, 'page')).filter((page): page is number => page !== null);
}
