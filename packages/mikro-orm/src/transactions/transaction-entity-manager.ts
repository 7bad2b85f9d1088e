import { ValidationError } from '@annals/core';
import type { EntityManager } from '@mikro-orm/core';
import type { MikroOrmStrategy } from '../mikro-orm-strategy.js';

/**
 * The entity manager of the transaction of `strategy`'s ORM active in the calling context, such as the
 * batch transaction of a projection runner: what a handler writes through it commits with the batch's
 * checkpoint, or rolls back with it. Pass the entity manager type of your driver to get its API.
 * @throws ValidationError outside a transaction of that ORM
 *
 * @example
 * ```ts
 * const runner = new ProjectionRunner<EntityManager>({
 *   projection: balances,
 *   source: new ApplicationLog(bank),
 *   store: strategy,
 *   context: () => transactionEntityManager<EntityManager>(strategy),
 * });
 * ```
 */
export function transactionEntityManager<EM extends EntityManager = EntityManager>(
  strategy: MikroOrmStrategy,
): EM {
  const { em } = strategy.orm;
  const context = em.getContext(false);
  if (context.getConnection() !== em.getConnection() || !context.isInTransaction()) {
    throw new ValidationError(
      `transactionEntityManager(strategy) was called outside a transaction of the ${strategy.name} ` +
        `strategy's ORM: call it inside strategy.transaction(…) (as a projection runner's context is) or ` +
        `orm.em.transactional(…)`,
    );
  }
  return context as EM;
}
