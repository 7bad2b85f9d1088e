/** A class of errors, abstract or not. */
export type ErrorClass<E extends Error = Error> = abstract new (...args: never[]) => E;

/**
 * What `thenThrows` expects: an error class (matched with `instanceof`), or properties the error must have.
 * A `code` matches Annals errors from any copy of the package.
 */
export type ErrorExpectation<E extends Error = Error> =
  | ErrorClass<E>
  | {
      /** A class the error must be an instance of. */
      readonly instanceOf?: ErrorClass<E>;
      /** The stable code the error must have. */
      readonly code?: string;
      /** The whole message, or a pattern it matches. */
      readonly message?: string | RegExp;
    };
