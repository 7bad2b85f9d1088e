import type { LogFields, LogLevel } from './logger.js';

/** How {@link consoleLogger} writes records. */
export type LogFormat = 'json' | 'text';

/** One record of a logger. */
export interface LogRecord {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: LogFields;
}

/** A record as one line, ending in a newline. */
export function formatRecord(format: LogFormat, record: LogRecord): string {
  const time = new Date().toISOString();
  if (format === 'json') {
    return `${JSON.stringify({ time, level: record.level, msg: record.message, ...record.fields }, replacer)}\n`;
  }
  const fields = Object.entries(record.fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${textOf(value)}`)
    .join(' ');
  return `${time} ${record.level.toUpperCase().padEnd(5)} ${record.message}${fields ? `  ${fields}` : ''}\n`;
}

/** Errors as their name, message, code and stack, which JSON.stringify would drop. */
function replacer(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return typeof value === 'bigint' ? String(value) : value;
  const { code } = value as Error & { code?: unknown };
  return {
    type: value.name,
    message: value.message,
    ...(code === undefined ? {} : { code }),
    stack: value.stack,
  };
}

function textOf(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(`${value.name}: ${value.message}`);
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value, replacer) ?? String(value);
}
