import test from 'ava';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { databaseCounter } from '../fixtures/counting.js';
import { finished, runJson } from '../fixtures/run-cli.js';
import { faultWorld } from './fault-fixture.js';

const producer = fileURLToPath(new URL('../fixtures/producer.js', import.meta.url));

test('a producer killed right after commits, before its relay ran: annals flush delivers every committed event and nothing else', async (t) => {
  const { env, consumer, url } = await faultWorld(t);
  const countInDatabase = databaseCounter(t, url);
  const child = spawn(process.execPath, [producer], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const printed: string[] = [];
  let uncommitted = '';
  await new Promise<void>((resolve) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, id = ''] = line.split(' ');
        if (kind === 'uncommitted') uncommitted = id;
        if (kind === 'committed') printed.push(id);
        if (printed.length >= 25 && uncommitted !== '') {
          child.kill('SIGKILL');
          resolve();
        }
      }
    });
  });
  const exit = await finished(child);
  t.is(exit.code, null, 'the producer died by SIGKILL');

  const before = await countInDatabase();
  t.true(before.committed.length >= printed.length * 2);
  const flushed = await runJson<{ published: number }>(['flush'], env);
  const drained = await runJson<Record<string, { handled: number; duplicates: number }>>(
    ['drain', consumer],
    env,
  );
  const after = await countInDatabase();

  t.log(
    `committed ${before.committed.length}, published ${flushed.published}, applied ${after.applied.length}`,
  );
  t.is(flushed.published, before.committed.length, 'published = committed');
  t.is(drained[consumer]?.handled, before.committed.length);
  t.deepEqual([...after.applied].sort(), [...before.committed].sort(), 'applied = committed, each once');
  for (const id of printed) t.true(before.committed.includes(`${id}:1`), `${id} committed`);
  t.false(
    before.committed.some((id) => id.startsWith(uncommitted)),
    'the open transaction never committed',
  );
  t.false(
    after.applied.some((id) => id.startsWith(uncommitted)),
    'and was never delivered',
  );
});
