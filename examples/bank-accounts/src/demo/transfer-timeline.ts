import type { Notification } from '@annals/core';

/** One step of a transfer: an event of the transfers' or of the bank's. */
export interface TransferStep {
  readonly application: 'Transfers' | 'Bank';
  readonly topic: string;
  /** The account of a bank event. */
  readonly accountId?: string;
  /** Why an account refused the transfer. */
  readonly reason?: string;
}

/**
 * The steps of a transfer in the order they happened: its own history, and the bank's events about it
 * from the bank's notification log. Each step answers the other application's step before it, so the two
 * alternate, starting with the request.
 */
export function transferTimeline(
  history: readonly { readonly topic: string }[],
  bankLog: readonly Notification[],
  transferId: string,
): TransferStep[] {
  const bankSteps: TransferStep[] = [];
  for (const notification of bankLog) {
    const { p: payload } = JSON.parse(Buffer.from(notification.state).toString('utf8')) as {
      p: { transferId?: string; reason?: string };
    };
    if (payload.transferId !== transferId) continue;
    bankSteps.push({
      application: 'Bank',
      topic: notification.topic,
      accountId: notification.originatorId,
      ...(payload.reason === undefined ? {} : { reason: payload.reason }),
    });
  }
  return history.flatMap((step, index): TransferStep[] => {
    const answer = bankSteps[index];
    return [{ application: 'Transfers', topic: step.topic }, ...(answer ? [answer] : [])];
  });
}
