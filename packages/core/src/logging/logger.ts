/** Where Annals reports what it does. Silent unless the application passes one. */
export interface Logger {
  /** Detail that helps to trace what happened. */
  debug(message: string, details?: Record<string, unknown>): void;
  /** A notable step, e.g. a migration applied. */
  info(message: string, details?: Record<string, unknown>): void;
  /** Something went wrong and was handled, e.g. a retry. */
  warn(message: string, details?: Record<string, unknown>): void;
  /** Something failed that nothing will retry. */
  error(message: string, details?: Record<string, unknown>): void;
  /** A logger for a sub-component, e.g. `bank:relay`. */
  child(namespace: string): Logger;
}

const ignore = (): void => undefined;

/** The default logger: says nothing. */
export const silentLogger: Logger = {
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
  child: () => silentLogger,
};

/** A logger writing one line per message to the console, prefixed by its namespace. */
export function consoleLogger(namespace = 'annals'): Logger {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, details?: Record<string, unknown>): void => {
      // eslint-disable-next-line no-console -- this logger's purpose is the console
      console[level](`[${namespace}] ${message}`, ...(details ? [details] : []));
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (child) => consoleLogger(`${namespace}:${child}`),
  };
}
