import type { Logger } from '@annals/core';

const ignore = (): void => undefined;

/**
 * Writes warnings and errors to stderr, one line each. The default of `serve`, whose reason for a failed
 * shutdown must reach the operator even when the application configured no logger.
 */
export function stderrLogger(namespace = 'annals:http'): Logger {
  const write = (message: string): void => {
    process.stderr.write(`[${namespace}] ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  };
  return {
    debug: ignore,
    info: ignore,
    warn: write,
    error: write,
    child: (child) => stderrLogger(`${namespace}:${child}`),
  };
}
