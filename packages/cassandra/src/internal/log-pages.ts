/**
 * The arithmetic of the log's pages. Positions `p·S + 1 … (p+1)·S` belong to page `p`, where S is the
 * keyspace's `bucketSize`. An append takes consecutive positions within one page; one that
 * does not fit seals the page (its static `head` set to the page's last position) and goes to the next, so
 * the positions left at a sealed page's end are never given out, and a page is written only while every page
 * before it is sealed.
 */

/** The page a position belongs to. */
export function pageOf(position: number, pageSize: number): number {
  return Math.floor((position - 1) / pageSize);
}

/** The first position of a page. */
export function firstPosition(page: number, pageSize: number): number {
  return page * pageSize + 1;
}

/** The last position of a page: a page's `head` reaches it when the page is sealed. */
export function lastPosition(page: number, pageSize: number): number {
  return (page + 1) * pageSize;
}

/** Whether `count` more positions fit in a page whose head is `head` (`null`: nothing written yet). */
export function fits(page: number, head: number | null, count: number, pageSize: number): boolean {
  return (head ?? firstPosition(page, pageSize) - 1) + count <= lastPosition(page, pageSize);
}
