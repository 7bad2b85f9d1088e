const marker = Symbol.for('annals.error');

/** Options accepted by every Annals error. */
export interface AnnalsErrorOptions {
  /** The underlying error, kept for diagnostics. */
  readonly cause?: unknown;
}

/**
 * The base of every error Annals throws. `code` is stable across releases, so callers branch on it (or on
 * the shape guards) rather than on messages or `instanceof`, which breaks when two copies of a package load.
 */
export class AnnalsError extends Error {
  /** The class name, shown by stack traces and logs. */
  override name = 'AnnalsError';
  /** The stable code of the error, e.g. `ANNALS_RECORD_CONFLICT`; see {@link ErrorCode}. */
  readonly code: string;
  /** Marks Annals errors for {@link isAnnalsError}, whichever copy of the package made them. @internal */
  readonly [marker] = true;

  constructor(code: string, message: string, options: AnnalsErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
  }
}

/** True for any error thrown by Annals, whichever copy of the package created it. */
export function isAnnalsError(error: unknown): error is AnnalsError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[marker] === true &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

/** Builds a guard that recognises errors by their stable code. */
export function hasCode<E extends AnnalsError>(code: string): (error: unknown) => error is E {
  return (error: unknown): error is E => isAnnalsError(error) && error.code === code;
}
