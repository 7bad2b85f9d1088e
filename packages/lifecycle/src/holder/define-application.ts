import type { ApplicationFactory, Closable } from './application-factory.js';
import { ApplicationHolder } from './application-holder.js';

/**
 * Defines how this process builds its application and returns the holder for it, typed to the application:
 * `init()`, `get()`, `get({ lazy: true })` and `close()` need no casts and no factory at the call site. Define
 * it once in a module of its own and import the holder wherever the application is needed; nothing is
 * constructed until `init` or a lazy `get` runs, so importing the module is free (and safe in a cluster
 * primary).
 *
 * @example
 * ```ts
 * // bank-application.ts
 * export const bank = defineApplication(async () => {
 *   const strategy = postgresqlStrategy({ url: process.env.DATABASE_URL! });
 *   await strategy.migrate();
 *   return new Bank({ strategy });
 * });
 *
 * // server.ts
 * await bank.init();
 * app.post('/accounts', async (req, res) => res.json(await bank.get().openAccount(req.body.owner)));
 * process.once('SIGTERM', () => void bank.close());
 *
 * // job.ts: constructs on first use, once, however many jobs start together
 * const application = await bank.get({ lazy: true });
 * ```
 */
export function defineApplication<A extends Closable>(factory: ApplicationFactory<A>): ApplicationHolder<A> {
  return new ApplicationHolder(factory);
}
