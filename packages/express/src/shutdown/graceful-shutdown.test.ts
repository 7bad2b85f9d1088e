import test from 'ava';
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../fixtures/load-server.js', import.meta.url));

/** Runs the load server in a child process and waits until it listens. */
async function start(env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 8000;
  while (!/listening (\S+)\n/.test(stdout)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no server: ${stdout} ${stderr}`);
    await sleep(10);
  }
  const url = new URL(/listening (\S+)\n/.exec(stdout)?.[1] ?? '');
  return { child, url, exited, stdout: () => stdout, stderr: () => stderr };
}

/** One POST on the agent's connection: its status, or the error's code. */
function post(agent: Agent, url: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: url.hostname, port: url.port, path: '/notes', method: 'POST', agent },
      (answer) => {
        answer.resume();
        answer.once('end', () => resolve(answer.statusCode ?? 0));
        answer.once('error', reject);
      },
    );
    outgoing.once('error', reject);
    outgoing.end();
  });
}

interface ClientResult {
  ok: number;
  okAfterSignal: number;
  refused: boolean;
  failures: string[];
}

/** A client looping POSTs on one keep-alive connection until the server refuses a new one (or 8 s pass). */
async function client(url: URL, progress: { answers: number; signalled: boolean }): Promise<ClientResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const result: ClientResult = { ok: 0, okAfterSignal: 0, refused: false, failures: [] };
  const stopAt = Date.now() + 8000;
  try {
    while (Date.now() < stopAt) {
      try {
        const status = await post(agent, url);
        if (status !== 201) result.failures.push(`status ${status}`);
        result.ok++;
        progress.answers++;
        if (progress.signalled) result.okAfterSignal++;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ECONNREFUSED') result.refused = true;
        else result.failures.push(code ?? String(error));
        return result;
      }
    }
    return result;
  } finally {
    agent.destroy();
  }
}

test('SIGTERM under load: no request that got a connection fails, closing runs after the last, exit 0', async (t) => {
  const server = await start();
  const progress = { answers: 0, signalled: false };
  const clients = Array.from({ length: 20 }, () => client(server.url, progress));
  const deadline = Date.now() + 5000;
  while (progress.answers < 100 && Date.now() < deadline) await sleep(10);
  progress.signalled = true;
  server.child.kill('SIGTERM');
  const results = await Promise.all(clients);
  t.deepEqual(await server.exited, { code: 0, signal: null });
  t.deepEqual(
    results.flatMap((result) => result.failures),
    [],
  );
  t.true(
    results.every((result) => result.refused),
    'every client ends refused a new connection',
  );
  const ok = results.reduce((sum, result) => sum + result.ok, 0);
  const afterSignal = results.reduce((sum, result) => sum + result.okAfterSignal, 0);
  t.true(ok >= 100, `${ok} answers`);
  t.true(afterSignal > 0, 'requests in flight when the signal came were answered');
  t.true(server.stdout().endsWith(`closed answered=${ok} saved=${ok}\n`), server.stdout());
  t.is(server.stderr(), '');
});

test('SIGINT on an idle server closes it and exits 0', async (t) => {
  const server = await start();
  const ready = await fetch(new URL('/health/ready', server.url));
  t.is(ready.status, 200);
  await ready.text();
  server.child.kill('SIGINT');
  t.deepEqual(await server.exited, { code: 0, signal: null });
  t.true(server.stdout().endsWith('closed answered=1 saved=0\n'), server.stdout());
});

test('a failure to close exits 1 with a one-line reason on stderr', async (t) => {
  const server = await start({ FAIL_CLOSE: '1' });
  server.child.kill('SIGTERM');
  t.deepEqual(await server.exited, { code: 1, signal: null });
  t.regex(server.stderr(), /^[^\n]*shutdown failed[^\n]*the database went away\\nwhile closing[^\n]*\n$/);
  t.false(server.stdout().includes('closed'));
});
