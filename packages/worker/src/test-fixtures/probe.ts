import { randomUUID } from 'node:crypto';
import { Application } from '@annals/core';

/** Prints one line the test reads from the process's output. */
export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** An application that knows which instance it is and tells when it closes. */
export class Probe extends Application {
  readonly instance = randomUUID();

  constructor(private readonly onClose: () => void = () => undefined) {
    super({ env: {} });
  }

  override async close(): Promise<void> {
    await super.close();
    this.onClose();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
