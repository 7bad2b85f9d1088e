import type { Logger } from '@annals/core';

/** Writes warnings and errors to stderr, which the suite shows when a process fails. */
export function stderrLogger(namespace: string): Logger {
  const write =
    (level: string) =>
    (message: string, details?: Record<string, unknown>): void => {
      process.stderr.write(`${level} [${namespace}] ${message} ${details ? describe(details) : ''}\n`);
    };
  const ignore = (): void => undefined;
  return {
    debug: ignore,
    info: ignore,
    warn: write('warn'),
    error: write('error'),
    child: (child) => stderrLogger(`${namespace}:${child}`),
  };
}

function describe(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(
      ([key, value]) =>
        `${key}=${value instanceof Error ? `${value.name}: ${value.message}` : String(value)}`,
    )
    .join(' ');
}
