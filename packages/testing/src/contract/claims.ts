import type { OutboxStore } from '@annals/core';
import type { ClaimedOutboxMessage, ClaimOutboxOptions, OutboxClaim } from '@annals/core/storage';
import { keyedBy } from './announced.js';

/** What a claim handed its sender of the keys asked for, and what the claim said. */
export interface RecordedClaim {
  readonly handed: readonly ClaimedOutboxMessage[];
  readonly claim: OutboxClaim;
}

/** Options of {@link claimRecording}. */
export interface RecordingOptions extends ClaimOutboxOptions {
  /** Confirm every row handed over of the keys asked for, or none. */
  readonly confirm: boolean;
}

/**
 * Claims with a sender that records the rows of the ordering keys `keys` it is handed and confirms all of
 * them or none, as asked. Rows of other keys belong to other cases and stay pending.
 */
export async function claimRecording(
  strategy: OutboxStore,
  keys: readonly string[],
  { confirm, ...options }: RecordingOptions,
): Promise<RecordedClaim> {
  let handed: ClaimedOutboxMessage[] = [];
  const claim = await strategy.claimOutbox(
    10_000,
    async (messages) => {
      handed = keyedBy(messages, ...keys);
      return confirm ? handed.map((message) => message.sequence) : [];
    },
    options,
  );
  return { handed, claim };
}

/** The rows of `keys` a claim would send now, left pending. */
export async function pendingOf(
  strategy: OutboxStore,
  ...keys: string[]
): Promise<readonly ClaimedOutboxMessage[]> {
  return (await claimRecording(strategy, keys, { confirm: false })).handed;
}
