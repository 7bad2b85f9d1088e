import { formatRecord, type LogFormat } from './log-format.js';
import type { LogFields, Logger, LogLevel } from './logger.js';

const ranks: Readonly<Record<LogLevel, number>> = { debug: 20, info: 30, warn: 40, error: 50 };

/** A writable the console logger writes its lines to, such as `process.stdout` or a file stream. */
export interface LogDestination {
  /** Writes one line, with its newline. */
  write(line: string): unknown;
}

/** Options of {@link consoleLogger}. */
export interface ConsoleLoggerOptions {
  /** `json`: one JSON object per line; `text`: readable lines. @default `json` when NODE_ENV is `production`, else `text` */
  readonly format?: LogFormat | undefined;
  /** The quietest level written. @default 'info' */
  readonly level?: LogLevel | undefined;
  /** Fields of every record, e.g. `{ service: 'bank' }`. @default {} */
  readonly fields?: LogFields | undefined;
  /** Where lines go. @default process.stdout */
  readonly destination?: LogDestination | undefined;
}

/**
 * A logger writing one line per record to stdout: JSON lines in production (`NODE_ENV=production`), for log
 * collectors, and readable text otherwise.
 *
 * @example
 * ```ts
 * const app = new Application({ logger: consoleLogger({ fields: { service: 'bank' } }) });
 * ```
 */
export function consoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const format = options.format ?? (process.env['NODE_ENV'] === 'production' ? 'json' : 'text');
  const threshold = ranks[options.level ?? 'info'];
  const destination = options.destination ?? process.stdout;
  const make = (bindings: LogFields): Logger => {
    const at =
      (level: LogLevel) =>
      (fields: LogFields, message: string): void => {
        if (ranks[level] < threshold) return;
        destination.write(formatRecord(format, { level, message, fields: { ...bindings, ...fields } }));
      };
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return make(options.fields ?? {});
}
