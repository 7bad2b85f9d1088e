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
 * @param written the page this process last wrote the lane's rows to: when it is the page just before,
 *   it is the latest that holds them, and its head is read without the index; when earlier, the head is
 *   likely there, and it is read beside the index, so that a right guess costs no second read
 */
export async function latestBefore(
  session: Session,
  lane: string,
  page: number,
  written?: number,
): Promise<LaneHead | undefined> {
  const { cql } = session;
  const readHead = async (at: number): Promise<LaneHead | undefined> => {
    const head = (await session.read(cql.selectLaneHead, [at, lane])).first();
    if (!head) return undefined;
    return { version: numberColumn(head, 'originator_version'), position: numberColumn(head, 'position') };
  };
  if (written === page - 1) {
    const head = await readHead(written);
    if (head) return head;
  }
  const guessed = written !== undefined && written < page - 1 ? readHead(written) : undefined;
  // Awaited below only when the index lists that page: its failure is of no interest otherwise.
  guessed?.catch(() => undefined);
  const listed = await session.read(cql.selectLanePagesBefore, [lane, page]);
  for (const row of listed.rows) {
    const before = numberColumn(row, 'page');
    if (before === null) continue;
    const head = await (before === written && guessed ? guessed : readHead(before));
    if (head) return head;
  }
  return undefined;
}

/** Every page a lane's index lists, oldest first. */
export async function lanePages(session: Session, lane: string): Promise<number[]> {
  const rows = await readAll(session, session.cql.selectLanePages, [lane]);
  return rows.map((row) => numberColumn(row, 'page')).filter((page): page is number => page !== null);
}
