import { ApplicationHolder, type Closable } from '../holder/index.js';

/*
 * The default holder is kept on globalThis under a registered symbol, not in a module variable. A process can
 * load two copies of this package (two versions in node_modules, one nested under another Annals package, a
 * bundled copy beside an installed one), and each copy would have its own module variable: initApplication()
 * in one copy and getApplication() in the other would disagree, and two applications could run in one process,
 * each with its own pools and subscribers. Symbol.for() returns the same symbol to every copy, so they all
 * share one holder. A worker thread has a globalThis of its own, so each thread has its own holder.
 */
const key = Symbol.for('annals.lifecycle.defaultHolder');

/**
 * The process's default holder, used by `initApplication`, `getApplication` and `closeApplication`. Pass it
 * where an API asks for a holder and you use the module-level functions.
 *
 * @example
 * ```ts
 * await initApplication(() => new Bank());
 * defaultApplicationHolder().state; // 'ready'
 * ```
 */
export function defaultApplicationHolder(): ApplicationHolder<Closable> {
  const slot = globalThis as { [key]?: ApplicationHolder<Closable> };
  return (slot[key] ??= new ApplicationHolder<Closable>());
}
