import type { RequestHandler } from 'express';
import type * as MikroOrm from '@mikro-orm/core';

/** Options of {@link requestContext}. */
export interface RequestContextOptions {
  /**
   * The MikroORM your application's strategy stores through: the `orm` you passed to `MikroOrmStrategy`.
   * Only that ORM's transactions are joined by `app.save()`.
   */
  readonly orm: Pick<MikroOrm.MikroORM, 'em'>;
}

/**
 * Runs each request inside a MikroORM `RequestContext`: the request gets its own fork of the ORM's entity
 * manager, so a transaction it begins (`em.begin()`) holds only its own work, and `app.save()` joins it.
 * MikroORM is imported on the first request, so that the package loads without it.
 *
 * @example
 * ```ts
 * const orm = new MikroORM(config);
 * const bank = new Bank({ strategy: new MikroOrmStrategy({ orm }) });
 * app.use(requestContext({ orm }));
 * ```
 */
export function requestContext(options: RequestContextOptions): RequestHandler {
  let mikroOrm: Promise<typeof MikroOrm> | undefined;
  return async (_request, _response, next) => {
    mikroOrm ??= import('@mikro-orm/core');
    const { RequestContext } = await mikroOrm;
    RequestContext.create(options.orm.em, next);
  };
}
