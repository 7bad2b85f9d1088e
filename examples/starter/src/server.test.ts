import test from 'ava';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The URL the server prints once it listens; fails if it exits before. */
async function listening(server: ChildProcessByStdio<null, Readable, null>): Promise<string> {
  let url: string | undefined;
  for await (const line of createInterface(server.stdout)) {
    url = /listening on (\S+)/.exec(line)?.[1];
    if (url) break;
  }
  if (!url) throw new Error('the server exited before it listened');
  server.stdout.resume(); // what it prints from now on is not read
  return url;
}

test('the server answers on the configured storage and stops cleanly on SIGTERM', async (t) => {
  const directory = await mkdtemp(join(tmpdir(), 'todos-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  const server = spawn(process.execPath, [fileURLToPath(new URL('server.js', import.meta.url))], {
    env: { ...process.env, PORT: '0', ANNALS_SQLITE_PATH: join(directory, 'todos.sqlite') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.teardown(() => server.kill('SIGKILL'));
  const url = await listening(server);

  const started = await fetch(`${url}/lists`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Groceries' }),
  });
  t.is(started.status, 201);
  const { id } = (await started.json()) as { id: string };
  t.like(await (await fetch(`${url}/lists/${id}`)).json(), { title: 'Groceries', version: 1 });

  const exited = once(server, 'exit');
  server.kill('SIGTERM');
  t.deepEqual(await exited, [0, null]);
});
