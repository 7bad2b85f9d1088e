import type { ActiveRecordStrategy } from '@annals/core';
import type { RequestHandler } from 'express';
import type * as MikroOrm from '@mikro-orm/core';
import type { ApplicationSource } from '../application-source.js';

/** Options of {@link requestContext}. */
export interface RequestContextOptions {
  readonly application: ApplicationSource;
}

/**
 * Runs each request inside its storage's request context. With the SQL strategy that is MikroORM's
 * `RequestContext`: the request gets its own fork of the ORM's entity manager, so a transaction it begins
 * (`em.begin()`) holds only its own work, and `app.save()` joins it. Other strategies have no request
 * context and the middleware only passes the request on. MikroORM is imported on the first request that
 * needs it, so applications without it need not install it.
 *
 * @example
 * ```ts
 * app.use(requestContext({ application: getApplication }));
 * ```
 */
export function requestContext(options: RequestContextOptions): RequestHandler {
  let mikroOrm: Promise<typeof MikroOrm> | undefined;
  return async (_request, _response, next) => {
    const { strategy } = await options.application();
    const em = entityManagerOf(strategy);
    if (!em) {
      next();
      return;
    }
    mikroOrm ??= import('@mikro-orm/core');
    const { RequestContext } = await mikroOrm;
    RequestContext.create(em, next);
  };
}

/** The entity manager of a strategy that stores through MikroORM (it exposes its `orm`). */
function entityManagerOf(strategy: ActiveRecordStrategy): MikroOrm.EntityManager | undefined {
  const orm = (strategy as { orm?: { em?: unknown } }).orm;
  return typeof orm?.em === 'object' && orm.em !== null ? (orm.em as MikroOrm.EntityManager) : undefined;
}
