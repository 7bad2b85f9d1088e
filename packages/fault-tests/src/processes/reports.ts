import { createInterface } from 'node:readline';

/** Prints one JSON line for the suite to read. */
export function report(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** What a process does when the suite sends it a command; the result is reported as `{ done, ...result }`. */
export type CommandHandlers = Readonly<Record<string, () => Promise<Record<string, unknown> | void>>>;

/**
 * Runs the commands the suite sends on stdin, one name a line, one at a time. A command that fails is
 * reported as `{ done, error }`.
 */
export function obeyCommands(handlers: CommandHandlers): void {
  let queue = Promise.resolve();
  createInterface({ input: process.stdin }).on('line', (command) => {
    queue = queue.then(async () => {
      const handler = handlers[command];
      try {
        if (!handler) throw new Error(`unknown command ${JSON.stringify(command)}`);
        report({ done: command, ...(await handler()) });
      } catch (error) {
        report({ done: command, error: error instanceof Error ? error.message : String(error) });
      }
    });
  });
}
