import { hasProjections, hasTransactions, type ProjectionStrategy } from '@annals/core';
import type { MikroOrmStrategy } from '@annals/mikro-orm';

/** The strategy as a projection store, which the runner needs; fails when the strategy keeps no projections. */
export function projectionStoreOf(strategy: MikroOrmStrategy): MikroOrmStrategy & ProjectionStrategy {
  const { name } = strategy;
  if (!hasProjections(strategy) || !hasTransactions(strategy)) {
    throw new Error(`the ${name} strategy keeps no projections`);
  }
  return strategy;
}
