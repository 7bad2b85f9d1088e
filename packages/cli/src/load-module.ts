import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigurationError } from '@annals/core';
import type { AnnalsCliModule } from './cli-module.js';

/**
 * Imports the application module named by `--app` or `ANNALS_APP`: a path (relative to the working
 * directory, with or without a leading `./`) or a package name. It exports an {@link AnnalsCliModule} as
 * default, or its parts by name.
 */
export async function loadModule(specifier: string | undefined): Promise<AnnalsCliModule> {
  if (!specifier) {
    throw new ConfigurationError('app', 'no application module: pass --app <module> or set ANNALS_APP');
  }
  const isPath = /^[./]/.test(specifier) || isAbsolute(specifier) || existsSync(resolve(specifier));
  const url = isPath ? pathToFileURL(resolve(specifier)).href : specifier;
  let imported: Record<string, unknown>;
  try {
    imported = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigurationError(
      'app',
      `cannot load the application module ${specifier}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const candidate = (imported['default'] ?? imported) as Partial<AnnalsCliModule>;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    !('application' in candidate) ||
    !candidate.application
  ) {
    throw new ConfigurationError(
      'app',
      `${specifier} exports no "application" (a factory or an Application)`,
    );
  }
  return candidate as AnnalsCliModule;
}
