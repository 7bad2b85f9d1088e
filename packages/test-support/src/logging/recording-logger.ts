type Level = 'debug' | 'info' | 'warn' | 'error';

/** One call to a {@link RecordingLogger}. */
export interface LoggedLine {
  readonly namespace: string;
  readonly level: Level;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;
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
  readonly #namespace: string;
  readonly #record: LogRecord;

  constructor(namespace = 'test', record: LogRecord = { lines: [], listeners: new Set() }) {
    this.#namespace = namespace;
    this.#record = record;
  }

  /** Every line logged so far, by this logger and its children. */
  get lines(): readonly LoggedLine[] {
    return this.#record.lines;
  }

  debug(message: string, details?: Record<string, unknown>): void {
    this.#log('debug', message, details);
  }

  info(message: string, details?: Record<string, unknown>): void {
    this.#log('info', message, details);
  }

  warn(message: string, details?: Record<string, unknown>): void {
    this.#log('warn', message, details);
  }

  error(message: string, details?: Record<string, unknown>): void {
    this.#log('error', message, details);
  }

  child(namespace: string): RecordingLogger {
    return new RecordingLogger(`${this.#namespace}:${namespace}`, this.#record);
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

  #log(level: Level, message: string, details: Record<string, unknown> | undefined): void {
    const line = { namespace: this.#namespace, level, message, details };
    this.#record.lines.push(line);
    for (const listener of this.#record.listeners) listener(line);
  }
}
