import type { Application } from '@annals/core';
import type { ApplicationFactory, Closable, LazyGetOptions, Runner } from '../holder/index.js';
import { defaultApplicationHolder } from './default-holder.js';

/**
 * Constructs the process's application and holds it in the default holder. Call it once per process, where
 * the process starts serving: after `fork` in a cluster worker, in a worker thread's entry, in a job worker's
 * init hook, or in a test's `before` hook. Never at import time of a module the cluster primary also loads.
 *
 * @returns the application, once the factory has resolved.
 * @throws ApplicationAlreadyInitializedError when an application is already held (or being constructed).
 *
 * @example
 * ```ts
 * await initApplication(async () => {
 *   const strategy = sqliteStrategy({ path: 'bank.sqlite' });
 *   await strategy.migrate();
 *   return new Bank({ strategy });
 * });
 * ```
 */
export function initApplication<A extends Closable>(factory: ApplicationFactory<A>): Promise<A> {
  return defaultApplicationHolder().init(factory) as Promise<A>;
}

/**
 * Returns the process's application. The type argument is not checked (the default holder holds any
 * application); use {@link defineApplication} for a holder that is typed.
 *
 * @throws ApplicationNotInitializedError when none is ready.
 *
 * @example
 * ```ts
 * const bank = getApplication<Bank>();
 * await bank.deposit(accountId, 100);
 * ```
 */
export function getApplication<A extends Closable = Application>(): A;
/**
 * Returns the process's application, constructing it with `factory` first if there is none. Concurrent
 * callers share one construction; a failed construction fails every waiting caller, and the next call tries
 * again.
 *
 * @example
 * ```ts
 * const bank = await getApplication({ lazy: true, factory: () => new Bank() });
 * ```
 */
export function getApplication<A extends Closable = Application>(options: LazyGetOptions<A>): Promise<A>;
export function getApplication<A extends Closable>(options?: LazyGetOptions<A>): A | Promise<A> {
  const holder = defaultApplicationHolder();
  if (options) return holder.get(options as LazyGetOptions<Closable>) as Promise<A>;
  return holder.get() as A;
}

/**
 * Starts a runner beside the process's application, such as a projection runner that follows its log;
 * `closeApplication` stops it before it closes the application.
 *
 * @returns the runner, once its `start` has resolved.
 * @throws ApplicationNotInitializedError when no application is ready.
 *
 * @example
 * ```ts
 * const bank = await initApplication(createBank);
 * const balances = await startRunner(
 *   new ProjectionRunner({ projection, source: new ApplicationLog(bank), store: bank.strategy, context }),
 * );
 * ```
 */
export function startRunner<R extends Runner>(runner: R): Promise<R> {
  return defaultApplicationHolder().startRunner(runner);
}

/**
 * Stops the runners started beside the process's application, closes the application (saves in flight
 * finish first) and empties the default holder, so that `initApplication` may run again. Safe to call twice,
 * or when nothing was initialised.
 *
 * @example
 * ```ts
 * process.once('SIGTERM', () => void closeApplication());
 * ```
 */
export function closeApplication(): Promise<void> {
  return defaultApplicationHolder().close();
}
