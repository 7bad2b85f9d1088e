import type { Environment, RebuildProgress } from '@annals/core';
import { openBank } from '../open-bank.js';
import { openBalances } from '../read-model/open-balances.js';

/** Options of {@link rebuildBalances}. */
export interface RebuildBalancesOptions {
  /** The bank's settings, as the server has them. */
  readonly env: Environment;
  /** How many events a batch projects. */
  readonly batchSize: number;
  /** Hears the progress after every batch. */
  readonly onProgress: (progress: RebuildProgress) => void;
  /** Stops the rebuild; the next one continues where it stopped. @default never */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Rebuilds the balances read model from a process of its own, as an operator would: into the next
 * generation, while the server's processes keep serving theirs, then switches them all over.
 * @returns the generation served afterwards
 */
export async function rebuildBalances(options: RebuildBalancesOptions): Promise<number> {
  const bank = await openBank(options.env);
  try {
    const balances = openBalances(bank, { batchSize: options.batchSize });
    if (!balances) throw new Error(`the bank's ${bank.strategy.name} storage keeps no projections`);
    try {
      return await balances.runner.rebuild({ onProgress: options.onProgress, signal: options.signal });
    } finally {
      await balances.close();
    }
  } finally {
    await bank.close();
  }
}
