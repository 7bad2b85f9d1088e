/** Where Annals reports what it does. Silent unless the application passes one. */
export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
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
