/**
 * The contenders of the catch-up workload; the first is the one the others are compared with.
 * - `annals`: a `ProjectionRunner` whose handler sends the upsert through the batch transaction's entity
 *   manager (`em.execute`), the statement raw and Emmett send;
 * - `annals_orm`: the same runner with a handler that changes a MikroORM entity (`findOne`, then change or
 *   `create`), flushed by the unit of work at the batch's commit;
 * - `raw`: `pg` by hand; `emmett`: Emmett's PostgreSQL consumer and projector with a raw SQL projection.
 */
export const CATCH_UP_CONTENDERS = ['annals', 'annals_orm', 'raw', 'emmett'] as const;

export type CatchUpContenderName = (typeof CATCH_UP_CONTENDERS)[number];
