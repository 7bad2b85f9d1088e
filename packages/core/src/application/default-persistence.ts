import type { Environment } from '../config/index.js';

/**
 * The persistence of an application whose settings name none: `memory` in a test run, otherwise `sqlite`,
 * the embedded default. A process is a test run when its test runner says so: AVA, Jest and Vitest set
 * `NODE_ENV=test`, and `node --test` sets `NODE_TEST_CONTEXT` in the processes that run tests.
 */
export function defaultPersistence(env: Environment = process.env): 'memory' | 'sqlite' {
  return env['NODE_ENV'] === 'test' || env['NODE_TEST_CONTEXT'] !== undefined ? 'memory' : 'sqlite';
}
