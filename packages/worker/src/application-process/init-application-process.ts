import {
  ApplicationProcess,
  type Application,
  type ApplicationClass,
  type ApplicationProcessOptions,
  type System,
} from '@annals/core';
import { defaultApplicationHolder, type ApplicationHolder, type Closable } from '@annals/lifecycle';

/** Options of {@link initApplicationProcess}. */
export interface InitApplicationProcessOptions<A extends Application> extends ApplicationProcessOptions {
  /**
   * Holds the application; closing it (as the shutdown of a cluster worker or job worker does) stops the
   * followers, then closes the application and its upstreams' readers.
   * @default the default holder (the one `initApplication` uses)
   */
  readonly holder?: ApplicationHolder<A> | ApplicationHolder<Closable> | undefined;
}

/**
 * Runs one application of a system in this process, for the init hook of a worker: constructs it with an
 * `ApplicationProcess`, holds it in the holder (so `getApplication()` returns it), and starts following
 * its upstreams. Other processes run the system's other applications.
 *
 * @returns the started process: its `app` and its followers (`runners`).
 * @throws ApplicationAlreadyInitializedError when the holder holds an application; nothing is left open.
 *
 * @example
 * ```ts
 * // transfers-worker.ts: one process of the system, the one that runs Transfers.
 * await runCluster({
 *   workers: 1,
 *   worker: async () => {
 *     await initApplicationProcess(system, Transfers, { options: (application) => settingsOf(application) });
 *   },
 * });
 * ```
 */
export async function initApplicationProcess<A extends Application>(
  system: System,
  application: ApplicationClass<A>,
  options: InitApplicationProcessOptions<A> = {},
): Promise<ApplicationProcess<A>> {
  const { holder = defaultApplicationHolder(), ...processOptions } = options;
  const running = new ApplicationProcess(system, application, processOptions);
  try {
    await holder.init(() => running.app);
  } catch (error) {
    await running.stop();
    throw error;
  }
  await holder.startRunner(running);
  return running;
}
