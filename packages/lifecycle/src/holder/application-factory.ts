/**
 * What a holder can hold: anything with a `close` that releases its resources. Every Annals `Application`
 * is one.
 */
export interface Closable {
  /** Releases what the application holds: pools, consumers, subscriptions. */
  close(): Promise<void> | void;
}

/**
 * Builds the application. It may be async, e.g. to run migrations before the application takes requests.
 *
 * @example
 * ```ts
 * const factory: ApplicationFactory<Bank> = async () => {
 *   const strategy = postgresqlStrategy({ url: process.env.DATABASE_URL! });
 *   await strategy.migrate();
 *   return new Bank({ strategy });
 * };
 * ```
 */
export type ApplicationFactory<A extends Closable> = () => A | Promise<A>;

/** Options of a lazy `get`: construct the application if there is none yet. */
export interface LazyGetOptions<A extends Closable> {
  /** Constructs the application on the first call, once, however many callers race. */
  readonly lazy: true;
  /**
   * Builds the application when there is none. The first caller's factory wins; later callers wait for it.
   * @default the holder's own factory (the one given to `defineApplication`)
   */
  readonly factory?: ApplicationFactory<A>;
}

/**
 * Where a holder stands: `empty` (nothing to get), `initializing` (a factory is running), `ready`, or
 * `closing` (the application's `close` is running; the holder is empty once it settles).
 */
export type HolderState = 'empty' | 'initializing' | 'ready' | 'closing';
