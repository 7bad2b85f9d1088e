import { setTimeout as sleep } from 'node:timers/promises';
import { finalTransferStatuses, type TransferStatus } from '../transfers/index.js';

/**
 * Reads a transfer from the bank's API until it has settled (completed, rejected or compensated), for at
 * most 15 s: a client's way to wait for a process that runs on after the request that started it.
 * @returns the status it settled in
 */
export async function settledTransfer(base: string, transferId: string): Promise<TransferStatus> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const response = await fetch(new URL(`/transfers/${transferId}`, base));
    const { status } = (await response.json()) as { status: TransferStatus };
    if (finalTransferStatuses.includes(status)) return status;
    if (Date.now() > deadline) throw new Error(`transfer ${transferId} is still ${status} after 15 s`);
    await sleep(50);
  }
}
