/** Structured fields of a log record, e.g. `{ application: 'bank', aggregate: id, position: 42 }`. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Where Annals reports what it does: every record is a level, a message and structured fields. The shape
 * is pino's, so a pino logger can be passed as it is; {@link consoleLogger} writes JSON lines or text.
 * Annals names its fields `application`, `component`, `aggregate`, `position`, `messageId`, `traceId`,
 * `spanId`, and `err` for an error (pino's serializer key).
 */
export interface Logger {
  /** Detail that helps to trace what happened. */
  debug(fields: LogFields, message: string): void;
  /** A notable step, e.g. a migration applied. */
  info(fields: LogFields, message: string): void;
  /** Something went wrong and was handled, e.g. a retry. */
  warn(fields: LogFields, message: string): void;
  /** Something failed that nothing will retry. */
  error(fields: LogFields, message: string): void;
  /** A logger that adds `bindings` to every record, e.g. `{ component: 'relay' }`. */
  child(bindings: LogFields): Logger;
}

/** The levels of a {@link Logger}, quietest last. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ignore = (): void => undefined;

/** The default logger: says nothing. */
export const silentLogger: Logger = {
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
  child: () => silentLogger,
};
