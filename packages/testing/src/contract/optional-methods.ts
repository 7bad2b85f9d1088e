import type { ActiveRecordStrategy } from '@annals/core';

type OptionalMethod =
  | 'claimOutbox'
  | 'outboxBacklog'
  | 'watchOutbox'
  | 'settleOutbox'
  | 'transaction'
  | 'recordProcessedMessages'
  | 'trackingPositions';

/** The strategy's implementation of an optional port method its capabilities promise, or a clear failure. */
export function method<K extends OptionalMethod>(
  strategy: ActiveRecordStrategy,
  name: K,
): NonNullable<ActiveRecordStrategy[K]> {
  const found = strategy[name];
  if (typeof found !== 'function') {
    throw new Error(`the ${strategy.name} strategy declares the capability but does not implement ${name}()`);
  }
  return found.bind(strategy) as NonNullable<ActiveRecordStrategy[K]>;
}
