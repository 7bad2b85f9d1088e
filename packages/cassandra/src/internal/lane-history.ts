import type { types } from 'cassandra-driver';
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
 * @param likely a page the head is likely in, read beside the index so that a right guess costs no second read
 */
export async function latestBefore(
  session: Session,
  lane: string,
  page: number,
  likely?: number,
): Promise<LaneHead | undefined> {
  const { cql } = session;
  const readHead = (at: number): Promise<types.ResultSet> => session.read(cql.selectLaneHead, [at, lane]);
  const guessed = likely !== undefined && likely < page ? readHead(likely) : undefined;
  // Awaited below only when the index lists that page: its failure is of no interest otherwise.
  guessed?.catch(() => undefined);
  const listed = await session.read(cql.selectLanePagesBefore, [lane, page]);
  for (const row of listed.rows) {
    const before = numberColumn(row, 'page');
    if (before === null) continue;
    const head = (await (before === likely && guessed ? guessed : readHead(before))).first();
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
