import { inspect } from 'node:util';
import type { ErrorExpectation } from '../error-expectation.js';

/** Says how `error` falls short of `expectation`, or `undefined` when it meets it. */
export function mismatch(error: unknown, expectation: ErrorExpectation): string | undefined {
  const { instanceOf, code, message } =
    typeof expectation === 'function'
      ? { instanceOf: expectation, code: undefined, message: undefined }
      : expectation;
  if (instanceOf && !(error instanceof instanceOf)) {
    return `expected the command to throw ${instanceOf.name}, but it threw ${describe(error)}`;
  }
  const actualCode = (error as { code?: unknown } | null | undefined)?.code;
  if (code !== undefined && actualCode !== code) {
    return `expected the command to throw an error with code ${code}, but it threw ${describe(error)}`;
  }
  const actualMessage = error instanceof Error ? error.message : String(error);
  if (typeof message === 'string' ? actualMessage !== message : message && !message.test(actualMessage)) {
    return `expected the command to throw an error with message ${String(message)}, but it threw ${describe(error)}`;
  }
  return undefined;
}

export function describe(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : inspect(value, { depth: 3 });
}
