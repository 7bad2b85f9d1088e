import { execFile } from 'node:child_process';
import { chown, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The ids a server process runs as. */
export interface SystemUser {
  readonly uid: number;
  readonly gid: number;
}

/**
 * The system user `name` when this process runs as root, for servers that refuse to run as root
 * (PostgreSQL); `undefined` otherwise, and they run as the current user.
 */
export async function serverUser(name: string): Promise<SystemUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch (error) {
    throw new Error(`running as root, the server needs the system user "${name}", which does not exist`, {
      cause: error,
    });
  }
}

/** Gives `dir` and everything in it to `user`. */
export async function handOver(dir: string, user: SystemUser | undefined): Promise<void> {
  if (!user) return;
  await chown(dir, user.uid, user.gid);
  for (const entry of await readdir(dir, { recursive: true })) {
    await chown(join(dir, entry), user.uid, user.gid);
  }
}
