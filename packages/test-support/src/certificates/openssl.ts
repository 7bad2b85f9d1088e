import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs `openssl` with the arguments given; a failure says which command failed and what openssl said. */
export async function openssl(...args: string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`openssl ${args[0] ?? ''} failed: ${stderr?.trim() || (error as Error).message}`, {
      cause: error,
    });
  }
}

/** The arguments that make a new unencrypted P-256 key into `keyFile`. */
export function newKey(keyFile: string): string[] {
  return ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile];
}
