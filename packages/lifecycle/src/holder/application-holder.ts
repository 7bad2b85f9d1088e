import { ConfigurationError, type Application } from '@annals/core';
import {
  ApplicationAlreadyInitializedError,
  ApplicationClosedDuringInitError,
  ApplicationNotInitializedError,
} from '../errors/index.js';
import type { ApplicationFactory, Closable, HolderState, LazyGetOptions } from './application-factory.js';
import type { Runner } from './runner.js';

interface Initializing<A> {
  readonly kind: 'initializing';
  /** What the factory produced, before any close decided its fate. */
  readonly built: Promise<A>;
  /** What callers get: the application, or an error when a close came first. */
  readonly delivered: Promise<A>;
  closeRequested: boolean;
}

/** A runner started beside the application, and its start, which a close waits for. */
interface StartedRunner {
  readonly runner: Runner;
  readonly started: Promise<void>;
}

interface Ready<A> {
  readonly kind: 'ready';
  readonly application: A;
  readonly runners: StartedRunner[];
}

type State<A> =
  | { readonly kind: 'empty' }
  | Initializing<A>
  | Ready<A>
  | { readonly kind: 'closing'; readonly done: Promise<void> };

const empty = { kind: 'empty' } as const;
const ignore = (): void => undefined;

/**
 * Holds at most one application and controls its lifetime: `init` constructs it once, `get` returns it (or
 * constructs it on first use when lazy), `close` closes it and empties the holder so that `init` may run again.
 * Prefer {@link defineApplication}, which gives a holder typed to your application; the module-level
 * `initApplication` / `getApplication` / `closeApplication` use the process's default holder.
 *
 * A holder lives in one JavaScript realm: each worker thread has its own, and so does each process.
 *
 * @example
 * ```ts
 * const bank = new ApplicationHolder(() => new Bank({ strategy: sqliteStrategy({ path: 'bank.sqlite' }) }));
 * await bank.init();
 * await bank.get().openAccount('Ada');
 * await bank.close();
 * ```
 */
export class ApplicationHolder<A extends Closable = Application> implements AsyncDisposable {
  readonly #factory: ApplicationFactory<A> | undefined;
  #state: State<A> = empty;

  /** @param factory builds the application when `init` or a lazy `get` is called without one. */
  constructor(factory?: ApplicationFactory<A>) {
    this.#factory = factory;
  }

  /** Where the holder stands; see {@link HolderState}. */
  get state(): HolderState {
    return this.#state.kind;
  }

  /**
   * Constructs the application with `factory` (or the holder's own) and holds it. When a `close` is still
   * running, waits for it first.
   * @throws ApplicationAlreadyInitializedError when an application is held or being constructed.
   * @throws whatever the factory throws; the holder is then empty again.
   */
  async init(factory?: ApplicationFactory<A>): Promise<A> {
    if (this.#state.kind === 'closing') await this.#closed();
    if (this.#state.kind !== 'empty') throw new ApplicationAlreadyInitializedError();
    return this.#construct(this.#resolveFactory(factory));
  }

  /**
   * Returns the application.
   * @throws ApplicationNotInitializedError when none is ready (not initialised, still being constructed, or
   * closing).
   */
  get(): A;
  /**
   * Returns the application, constructing it first if there is none. Any number of concurrent callers share
   * one construction: the factory runs once, and if it fails every waiting caller gets its error and the next
   * call tries again.
   */
  get(options: LazyGetOptions<A>): Promise<A>;
  get(options?: LazyGetOptions<A>): A | Promise<A> {
    if (options?.lazy) return this.#getLazily(options.factory);
    if (this.#state.kind === 'ready') return this.#state.application;
    throw new ApplicationNotInitializedError(this.#state.kind);
  }

  /**
   * Starts a runner beside the held application, such as a projection runner that follows its log; `close`
   * stops it before it closes the application. Runners stop in the reverse order of their starts.
   * @returns the runner, once its `start` has resolved.
   * @throws ApplicationNotInitializedError when no application is ready.
   * @throws whatever the runner's `start` throws; `close` still stops it.
   *
   * @example
   * ```ts
   * const bank = defineApplication(createBank);
   * const source = new ApplicationLog(await bank.init());
   * const balances = await bank.startRunner(new ProjectionRunner({ projection, source, … }));
   * process.once('SIGTERM', () => void bank.close()); // stops balances, then closes the application
   * ```
   */
  async startRunner<R extends Runner>(runner: R): Promise<R> {
    const state = this.#state;
    if (state.kind !== 'ready') throw new ApplicationNotInitializedError(state.kind);
    const started = Promise.resolve().then(() => runner.start());
    state.runners.push({ runner, started });
    await started;
    return runner;
  }

  /**
   * Stops the runners started beside the application, then closes the application (its storage pools,
   * consumers and subscriptions; saves in flight finish first) and empties the holder. Safe to call twice,
   * and when nothing is held. Called during a construction, it makes the callers waiting for it fail with
   * `ApplicationClosedDuringInitError`, and closes the application as soon as it is built; it resolves once
   * that is done.
   */
  close(): Promise<void> {
    const state = this.#state;
    switch (state.kind) {
      case 'empty':
        return Promise.resolve();
      case 'closing':
        return state.done;
      case 'ready':
        return this.#closing(closeReady(state));
      case 'initializing':
        state.closeRequested = true;
        // A factory that fails leaves nothing to close; its error goes to the callers that waited for it.
        return this.#closing(state.built.then((application) => application.close(), ignore));
    }
  }

  /** Closes the application, so that `await using holder = defineApplication(…)` closes it at scope end. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #getLazily(factory: ApplicationFactory<A> | undefined): Promise<A> {
    for (;;) {
      const state = this.#state;
      switch (state.kind) {
        case 'ready':
          return state.application;
        case 'initializing':
          return state.delivered;
        case 'closing':
          await state.done.catch(ignore);
          continue;
        case 'empty':
          return this.#construct(this.#resolveFactory(factory));
      }
    }
  }

  /** Starts a construction; sets the state synchronously, so that concurrent callers see it at once. */
  #construct(factory: ApplicationFactory<A>): Promise<A> {
    const built = Promise.resolve().then(factory);
    const attempt: Initializing<A> = {
      kind: 'initializing',
      built,
      closeRequested: false,
      delivered: built.then((application) => {
        if (attempt.closeRequested) throw new ApplicationClosedDuringInitError();
        return application;
      }),
    };
    this.#state = attempt;
    built.then(
      (application) => {
        if (this.#state === attempt) this.#state = { kind: 'ready', application, runners: [] };
      },
      () => {
        if (this.#state === attempt) this.#state = empty;
      },
    );
    return attempt.delivered;
  }

  #closing(work: Promise<void>): Promise<void> {
    const state = {
      kind: 'closing',
      done: work.finally(() => {
        if (this.#state === state) this.#state = empty;
      }),
    } as const;
    this.#state = state;
    return state.done;
  }

  /** Waits until no close is in flight (another caller may have started one meanwhile). */
  async #closed(): Promise<void> {
    while (this.#state.kind === 'closing') await this.#state.done.catch(ignore);
  }

  #resolveFactory(factory: ApplicationFactory<A> | undefined): ApplicationFactory<A> {
    const resolved = factory ?? this.#factory;
    if (!resolved) {
      throw new ConfigurationError(
        'factory',
        'no application factory: pass one to init() or get({ lazy: true, factory }), or define the holder ' +
          'with defineApplication(factory)',
      );
    }
    return resolved;
  }
}

/**
 * Stops the runners, newest first, then closes the application, even when a runner fails to stop.
 * @throws the one failure, or an `AggregateError` of several
 */
async function closeReady(state: Ready<Closable>): Promise<void> {
  const failures: unknown[] = [];
  const attempt = async (work: () => unknown): Promise<void> => {
    try {
      await work();
    } catch (error) {
      failures.push(error);
    }
  };
  for (const { runner, started } of [...state.runners].reverse()) {
    await started.catch(ignore);
    await attempt(() => runner.stop());
  }
  await attempt(() => state.application.close());
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    throw new AggregateError(
      failures,
      'stopping the runners and closing the application failed more than once',
    );
  }
}
