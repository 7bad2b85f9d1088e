import { ApplicationProcess, type Application, type ApplicationClass, type Environment } from '@annals/core';
import { initApplication, startRunner } from '@annals/lifecycle';
import { bankingOptions } from './banking-options.js';
import { bankSystem } from './bank-system.js';

/**
 * Runs one application of the bank system in this process, following its upstreams from their storage
 * (one process per application; other processes run the others). The process's holder holds it, so
 * `getApplication()` finds it and `closeApplication()` stops its followers before closing it.
 */
export async function runApplicationProcess<A extends Application>(
  application: ApplicationClass<A>,
  env: Environment = process.env,
): Promise<A> {
  const running = new ApplicationProcess(bankSystem, application, { options: bankingOptions({ env }) });
  const app = await initApplication(() => running.app);
  await startRunner(running);
  return app;
}
