import type { MikroOrmStrategy } from '@annals/mikro-orm';
import type { EntityManager } from '@mikro-orm/sql';

/** The strategy's global entity manager, as the SQL driver's, which runs SQL of its own. */
export function entityManagerOf(strategy: MikroOrmStrategy): EntityManager {
  return strategy.orm.em as EntityManager;
}
