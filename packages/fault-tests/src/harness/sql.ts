import type { MikroOrmStrategy } from '@annals/mikro-orm';

/** Runs SQL on the strategy's ORM, outside the strategy: for the suite's own tables. */
export function query<R>(strategy: MikroOrmStrategy, sql: string): Promise<R[]> {
  return strategy.orm.em.getConnection().execute<R[]>(sql);
}
