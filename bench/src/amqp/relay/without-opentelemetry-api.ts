/**
 * Loaded with `node --import` into the process of the `annals_no_api` contender, before any other module:
 * makes `@opentelemetry/api` and its subpaths unresolvable, as in an application that installed none, so that
 * `@annals/core`'s optional import of the API fails there as it would in such an application.
 */
import { registerHooks } from 'node:module';

const API = '@opentelemetry/api';

/** How many times a module of this process asked for the API and was refused. */
let refusals = 0;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier !== API && !specifier.startsWith(`${API}/`)) return nextResolve(specifier, context);
    refusals++;
    throw Object.assign(new Error(`Cannot find package '${specifier}' imported from ${context.parentURL}`), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
  },
});

/**
 * Fails unless this process runs without the API: a module (`@annals/core`, once loaded) asked for it and was
 * refused, and importing it now fails as importing a package that is not installed does.
 */
export async function checkOpenTelemetryApiMissing(): Promise<void> {
  if (refusals === 0) throw new Error(`nothing asked for ${API} since the hook was registered`);
  const importable = await import(API).then(
    () => true,
    (error: unknown) => (error as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND',
  );
  if (importable) throw new Error(`${API} can be imported in this process`);
}
