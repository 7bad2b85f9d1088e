import { setTimeout as sleep } from 'node:timers/promises';

/** What a follower of a stress test saw of a notification log. */
export interface FollowedLog {
  /** The positions read, in the order read. */
  readonly seen: readonly number[];
  /** How many positions came after a larger one. */
  readonly outOfOrder: number;
  /** Whether it stopped at the deadline short of the last position. */
  readonly gaveUp: boolean;
}

/** When a follower may stop: once writers are done, the last position and a deadline for reaching it. */
export interface FollowUntil {
  finalPosition: number;
  giveUpAt: number;
}

/**
 * Reads a notification log as a follower does, page after page from where the last page ended, until it has
 * read `until.finalPosition` (set once the writers are done) or `until.giveUpAt` passes.
 */
export async function followLog(
  select: (start: number) => Promise<readonly { readonly position: number }[]>,
  until: FollowUntil,
): Promise<FollowedLog> {
  const seen: number[] = [];
  let outOfOrder = 0;
  let last = 0;
  while (last < until.finalPosition && Date.now() < until.giveUpAt) {
    const page = await select(last + 1);
    for (const { position } of page) {
      if (position <= last) outOfOrder++;
      last = position;
      seen.push(position);
    }
    if (page.length === 0) await sleep(2);
  }
  return { seen, outOfOrder, gaveUp: last < until.finalPosition };
}

/**
 * What is wrong with what followers saw, when each should have seen every committed position once, in
 * order: one message per fault, none when all is well.
 */
export function followerFaults(committed: readonly number[], followed: readonly FollowedLog[]): string[] {
  const expected = [...committed].sort((a, b) => a - b);
  return followed.flatMap(({ seen, outOfOrder, gaveUp }, index) => {
    const faults: string[] = [];
    if (outOfOrder > 0) faults.push(`follower ${index} saw ${outOfOrder} positions after a larger one`);
    const seenSet = new Set(seen);
    const missed = expected.filter((position) => !seenSet.has(position));
    if (missed.length > 0 || seen.length !== expected.length) {
      faults.push(
        `follower ${index} saw ${seen.length} of ${expected.length} events; missed ` +
          `${missed.slice(0, 10).join(', ')}` +
          (gaveUp ? ', having given up at the deadline' : ' and reached the last position'),
      );
    }
    return faults;
  });
}
