type Level = 'debug' | 'info' | 'warn' | 'error';

/** One call to a {@link RecordingLogger}. */
export interface LoggedLine {
  readonly level: Level;
  readonly message: string;
  /** The record's fields, with the bindings of the child logger that wrote it. */
  readonly fields: Readonly<Record<string, unknown>>;
}

interface LogRecord {
  readonly lines: LoggedLine[];
  readonly listeners: Set<(line: LoggedLine) => void>;
}

/**
 * A logger in the shape of Annals' `Logger` that keeps every call of itself and its children, so a test can
 * sweep what was logged and wait for a line instead of sleeping.
 */
export class RecordingLogger {
  readonly #bindings: Readonly<Record<string, unknown>>;
  readonly #record: LogRecord;

  constructor(
    bindings: Readonly<Record<string, unknown>> = {},
    record: LogRecord = { lines: [], listeners: new Set() },
  ) {
    this.#bindings = bindings;
    this.#record = record;
  }

  /** Every line logged so far, by this logger and its children. */
  get lines(): readonly LoggedLine[] {
    return this.#record.lines;
  }

  debug(fields: Readonly<Record<string, unknown>>, message: string): void {
    this.#log('debug', message, fields);
  }

  info(fields: Readonly<Record<string, unknown>>, message: string): void {
    this.#log('info', message, fields);
  }

  warn(fields: Readonly<Record<string, unknown>>, message: string): void {
    this.#log('warn', message, fields);
  }

  error(fields: Readonly<Record<string, unknown>>, message: string): void {
    this.#log('error', message, fields);
  }

  child(bindings: Readonly<Record<string, unknown>>): RecordingLogger {
    return new RecordingLogger({ ...this.#bindings, ...bindings }, this.#record);
  }

  /** The first line, logged before or after the call, that `matches`; fails after `timeout` ms. */
  waitFor(matches: (line: LoggedLine) => boolean, timeout = 10_000): Promise<LoggedLine> {
    const logged = this.#record.lines.find(matches);
    if (logged) return Promise.resolve(logged);
    return new Promise((resolve, reject) => {
      const listener = (line: LoggedLine): void => {
        if (!matches(line)) return;
        clearTimeout(timer);
        this.#record.listeners.delete(listener);
        resolve(line);
      };
      const timer = setTimeout(() => {
        this.#record.listeners.delete(listener);
        reject(new Error(`no matching line was logged within ${timeout} ms`));
      }, timeout);
      this.#record.listeners.add(listener);
    });
  }

  #log(level: Level, message: string, fields: Readonly<Record<string, unknown>>): void {
    const line = { level, message, fields: { ...this.#bindings, ...fields } };
    this.#record.lines.push(line);
    for (const listener of this.#record.listeners) listener(line);
  }
}
