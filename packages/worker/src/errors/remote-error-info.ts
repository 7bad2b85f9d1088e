/** What crosses a process or thread boundary of an error thrown on the other side. */
export interface RemoteErrorInfo {
  /** The error's class name. */
  readonly name: string;
  /** The error's message. */
  readonly message: string;
  /** The Annals error code, when the error was an Annals error (or carried a string `code`). */
  readonly code?: string;
  /** True when the error was an Annals error, so the shape guards recognise the revived `cause`. */
  readonly annals: boolean;
  /** The stack trace on the other side. */
  readonly stack?: string;
}
