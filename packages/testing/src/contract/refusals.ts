import type { ExecutionContext } from 'ava';
import { isAnnalsError, isValidationError } from '@annals/core';

/** The rules of the input checks, as their refusals word them (see docs/concepts.md, "Input rules"). */
export const Rule = {
  uuid: /must be a UUID/,
  lowerCase: /must be in lower case/,
  version: /must be an integer from 1 to 2147483647/,
  versionOrZero: /must be an integer from 0 to 2147483647/,
  position: /must be an integer from 1 to 9007199254740991/,
  positionOrZero: /must be an integer from 0 to 9007199254740991/,
  nonEmpty: /must be a non-empty string/,
  wellFormed: /must be well-formed Unicode/,
  noNul: /must not hold NUL/,
} as const;

/** Text a store could not hold exactly: a lone surrogate (stored as U+FFFD) and NUL (which PostgreSQL refuses). */
export const LONE_SURROGATE = '\ud800';
export const NUL = '\u0000';

/** One input a strategy must refuse before anything reaches storage. */
export interface Refusal {
  /** What is wrong, for the assertion messages. */
  readonly what: string;
  readonly attempt: () => Promise<unknown> | AsyncIterable<unknown>;
  /** The field the refusal names. */
  readonly field: string;
  readonly rule: RegExp;
}

/**
 * Asserts that every attempt is refused with a `ValidationError`, an `AnnalsError` whose message names the
 * field and the rule it breaks. An attempt that returns an async iterable is refused by its first read.
 */
export async function assertRefused(t: ExecutionContext, refusals: readonly Refusal[]): Promise<void> {
  for (const { what, attempt, field, rule } of refusals) {
    const error = await t.throwsAsync(
      async () => {
        const result = await attempt();
        if (isAsyncIterable(result)) await result[Symbol.asyncIterator]().next();
      },
      undefined,
      what,
    );
    t.true(isAnnalsError(error) && isValidationError(error), `${what}: ${String(error)}`);
    const message = error?.message ?? '';
    t.true(message.includes(field), `${what}: "${message}" names ${field}`);
    t.regex(message, rule, what);
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
