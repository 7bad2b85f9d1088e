import {
  Application,
  ConfigurationError,
  hasTracking,
  hasTransactions,
  NotSupportedError,
  type ActiveRecordStrategy,
  type TrackingStore,
  type TransactionalStore,
} from '@annals/core';
import type { ApplicationHolder, Closable } from '@annals/lifecycle';
import type { IdempotencyKey } from '../job-queue/idempotency-key.js';

/** How a job went: it ran and returned `result`, or its key was recorded before and it was skipped. */
export type JobOutcome<R> = { readonly ran: true; readonly result: R } | { readonly ran: false };

/**
 * Runs `work` in one transaction of the held application's storage that first records `key`: a job whose
 * key an earlier delivery committed is skipped, and a delivery that crashed before its commit left nothing.
 */
export async function runJobOnce<R>(
  holder: ApplicationHolder<Application> | ApplicationHolder<Closable>,
  key: IdempotencyKey,
  work: () => R | Promise<R>,
): Promise<JobOutcome<R>> {
  const strategy = idempotentStorage(holder.get());
  return strategy.transaction(async (): Promise<JobOutcome<R>> => {
    const recorded = await strategy.recordProcessedMessages(key.consumer, [key.id]);
    if (recorded.length === 0) return { ran: false };
    return { ran: true, result: await work() };
  });
}

function idempotentStorage(application: Closable): ActiveRecordStrategy & TrackingStore & TransactionalStore {
  if (!(application instanceof Application)) {
    throw new ConfigurationError(
      'holder',
      'a queue job worker records idempotency keys in the storage of the application its holder holds; ' +
        `the holder holds a ${application.constructor.name}, not an Annals Application`,
    );
  }
  const { strategy } = application;
  if (!(hasTracking(strategy) && hasTransactions(strategy))) {
    throw new NotSupportedError(
      `the ${strategy.name} strategy of ${application.name} cannot record idempotency keys of jobs ` +
        '(it needs the tracking and transactions capabilities): use PostgreSQL, SQLite or memory storage',
    );
  }
  return strategy;
}
