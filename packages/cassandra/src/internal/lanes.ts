/**
 * A page's rows are grouped in lanes, its first clustering column: the log's own entries (lane `''`, one row
 * per position), each aggregate's events (lane `a` + its id, one row per version) and each upstream
 * application's tracking (lane `t` + its name), and the outbox messages written there (lane `o`, one row per
 * sequence). Row 0 of an aggregate's or an application's lane is its head
 * in that page: the latest version, or upstream position, stored there. Conditions on these heads and on the
 * page's static `head`, in the one partition an append writes, make it atomic and ordered.
 */

/** The lane of an aggregate's events. */
export function aggregateLane(originatorId: string): string {
  return `a${originatorId.toLowerCase()}`;
}

/**
 * A function giving the aggregate lane of each event in turn. It makes a lane only when the aggregate
 * differs from the one before: an append mostly holds one aggregate's events.
 */
export function aggregateLanes(): (originatorId: string) => string {
  let lastId: string | undefined;
  let lane = '';
  return (originatorId) => {
    if (originatorId !== lastId) {
      lane = aggregateLane(originatorId);
      lastId = originatorId;
    }
    return lane;
  };
}

/** The lane of an upstream application's tracking records. */
export function trackingLane(application: string): string {
  return `t${application}`;
}

/** The lane of the outbox messages written in a page. */
export const OUTBOX_LANE = 'o';
