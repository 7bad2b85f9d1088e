import { hasNotificationLog, hasTracking, NotSupportedError, type ActiveRecordStrategy } from '@annals/core';

// #region resume-position
/** Where a follower of `upstream` resumes, and how far the log it follows reaches now. */
export async function resumePosition(
  strategy: ActiveRecordStrategy,
  upstream: string,
): Promise<{ next: number; head: number }> {
  if (!hasTracking(strategy) || !hasNotificationLog(strategy)) {
    throw new NotSupportedError(`the ${strategy.name} strategy cannot run a follower`);
  }
  const next = (await strategy.maxTrackingPosition(upstream)) + 1;
  return { next, head: await strategy.maxNotificationPosition() };
}
// #endregion resume-position
