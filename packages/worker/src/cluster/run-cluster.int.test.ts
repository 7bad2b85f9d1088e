import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Output } from '../test-fixtures/output.js';

const app = fileURLToPath(new URL('../test-fixtures/cluster-app.js', import.meta.url));

interface Cluster {
  readonly primary: ChildProcess;
  readonly output: Output;
  readonly exited: Promise<number | null>;
}

function startCluster(t: { teardown(fn: () => void): void }, env: Record<string, string> = {}): Cluster {
  const primary = spawn(process.execPath, [app], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => primary.once('exit', (code) => resolve(code)));
  t.teardown(() => {
    if (primary.exitCode === null && primary.signalCode === null) primary.kill('SIGKILL');
  });
  return { primary, output: new Output(primary.stdout), exited };
}

function get(port: number, path = '/'): Promise<{ pid: number; instance: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(JSON.parse(body) as { pid: number; instance: string }));
    })
      .on('error', reject)
      .end();
  });
}

/** Asks until two different workers have answered. */
async function answersFromTwoWorkers(port: number): Promise<Map<number, string>> {
  const seen = new Map<number, string>();
  for (let attempt = 0; attempt < 50 && seen.size < 2; attempt++) {
    const { pid, instance } = await get(port);
    seen.set(pid, instance);
  }
  return seen;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('a cluster of 2 workers serves HTTP, each worker with its own application; SIGTERM closes them and all exit 0', async (t) => {
  const { primary, output, exited } = startCluster(t);
  const listening = await output.waitFor('listening', 2);
  const workerPids = listening.map(([pid]) => Number(pid));
  const port = Number(listening[0]?.[1]);
  t.is(Number(listening[1]?.[1]), port, 'the workers share one listening port');

  const answers = await answersFromTwoWorkers(port);
  t.deepEqual([...answers.keys()].sort(), [...workerPids].sort());
  t.is(new Set(answers.values()).size, 2, 'two application instances');

  const constructedIn = output.fields('constructed').map(([pid]) => Number(pid));
  t.deepEqual(constructedIn.sort(), [...workerPids].sort(), 'each worker constructed one application');
  t.false(constructedIn.includes(primary.pid!), 'the primary constructed none');
  t.deepEqual(output.fields('primary'), [[String(primary.pid)]]);

  primary.kill('SIGTERM');
  t.is(await exited, 0);
  t.deepEqual(
    output
      .fields('closed')
      .map(([pid]) => Number(pid))
      .sort(),
    [...workerPids].sort(),
    'each worker closed its application',
  );
  t.false(workerPids.some(isAlive), 'no worker outlives the primary');
});

test('SIGTERM while the workers are still loading stops the cluster with exit 0', async (t) => {
  const { primary, output, exited } = startCluster(t, { WORKER_LOAD_MS: '5000' });
  await output.waitFor('primary', 1);
  primary.kill('SIGTERM');
  t.is(await exited, 0);
  t.is(output.fields('starting').length, 0, 'no worker got as far as starting');
});

test('a worker that crashes is replaced by a new one with a new application', async (t) => {
  const { primary, output, exited } = startCluster(t);
  const listening = await output.waitFor('listening', 2);
  const port = Number(listening[0]?.[1]);
  await get(port, '/crash').catch(() => undefined); // the worker exits without answering
  const after = await output.waitFor('listening', 3);
  const replacement = Number(after[2]?.[0]);
  t.false(
    listening.some(([pid]) => Number(pid) === replacement),
    'the replacement is a new process',
  );
  t.is(output.fields('constructed').length, 3);
  t.deepEqual(output.fields('warn'), [['worker', 'exited;', 'starting', 'another']]);

  primary.kill('SIGTERM');
  t.is(await exited, 0);
  t.is(output.fields('closed').length, 2, 'the two live workers closed their applications');
});

test('workers that keep crashing exhaust the restart limit and the primary exits with 1', async (t) => {
  const { output, exited } = startCluster(t, { CRASH_ON_START: '1', MAX_RESTARTS: '2' });
  t.is(await exited, 1);
  t.deepEqual(
    output.lines.filter((line) => /^(warn|error) /.test(line)),
    [
      'warn worker exited; starting another',
      'warn worker exited; starting another',
      'error workers keep exiting; shutting the cluster down',
    ],
    '2 restarts, then the cluster gives up',
  );
  t.true(output.fields('starting').length <= 4);
  t.is(output.fields('constructed').length, 0);
});
