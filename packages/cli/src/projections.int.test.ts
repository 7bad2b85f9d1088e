import test, { type ExecutionContext } from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProjectionStatus } from '@annals/core';
import { createPostgresqlDatabase } from '@annals/mikro-orm/testing';
import { finished, runCli, runJson, startCli } from './fixtures/run-cli.js';

const projectionsModule = fileURLToPath(new URL('./fixtures/projections-cli.js', import.meta.url));

type Storage = 'sqlite' | 'postgres';

/** The variables that point the fixture module at a fresh database of the kind asked for, dropped after. */
async function freshDatabase(t: ExecutionContext, storage: Storage): Promise<Record<string, string>> {
  if (storage === 'sqlite') {
    const directory = await mkdtemp(join(tmpdir(), 'annals-cli-'));
    t.teardown(() => rm(directory, { recursive: true, force: true }));
    return { ANNALS_APP: projectionsModule, FIXTURE_SQLITE_PATH: join(directory, 'bank.sqlite') };
  }
  const database = await createPostgresqlDatabase('annals_cli_projections');
  t.teardown(() => database.drop());
  return { ANNALS_APP: projectionsModule, FIXTURE_POSTGRES_URL: database.url };
}

type Listed = Omit<ProjectionStatus, 'partitions'>;

for (const storage of ['sqlite', 'postgres'] as const) {
  test(`${storage}: list and status show position, head, lag and partitions, before and after the projection ran`, async (t) => {
    const env = await freshDatabase(t, storage);
    t.deepEqual(await runJson(['open-accounts', '3'], env), { head: 6 });

    const [listed] = await runJson<Listed[]>(['projections', 'list'], env);
    t.like(listed, {
      name: 'account-owners',
      upstream: 'bank',
      generation: 1,
      paused: false,
      position: 0,
      head: 6,
      lagEvents: 6,
    });
    t.true((listed?.lagSeconds ?? -1) >= 0);
    const text = await runCli(['projections', 'list'], env);
    t.regex(
      text.stdout,
      /^account-owners \(follows bank\): generation 1, running; 6 events behind, the oldest \d+\.\d s ago$/m,
    );

    t.deepEqual(await runJson(['project'], env), { position: 6 });
    const [status] = await runJson<ProjectionStatus[]>(['projections', 'status'], env);
    t.like(status, {
      name: 'account-owners',
      generation: 1,
      position: 6,
      head: 6,
      lagEvents: 0,
      lagSeconds: 0,
    });
    t.deepEqual(status?.partitions, [{ partition: 0, position: 6 }]);
    const statusText = await runCli(['projections', 'status', 'account-owners'], env);
    t.is(
      statusText.stdout,
      [
        'account-owners (follows bank)',
        '  generation 1, running',
        '  position 6 of 6: up to date',
        '  partition 0: position 6',
        '',
      ].join('\n'),
    );
  });

  test(`${storage}: rebuild fills the next generation while the served one serves, then switches to it`, async (t) => {
    const env = await freshDatabase(t, storage);
    await runJson(['open-accounts', '3'], env);
    await runJson(['project'], env);
    const owners = ['owner 0', 'owner 1', 'owner 2'];
    t.deepEqual(await runJson(['owners'], env), { generation: 1, owners });

    t.deepEqual(await runJson(['projections', 'rebuild', 'account-owners'], env), {
      name: 'account-owners',
      generation: 2,
      replaced: 1,
    });

    const text = await runCli(['projections', 'rebuild', 'account-owners'], {
      ...env,
      FIXTURE_BATCH_SIZE: '2',
    });
    t.is(text.code, 0);
    t.is(text.stdout, 'rebuilt account-owners: generation 3 serves now; generation 2 was torn down\n');
    const lines = text.stderr.trim().split('\n');
    t.regex(
      lines[0] ?? '',
      /^rebuild account-owners: \d\/6 \(\d+%\)$/,
      'the first batch is reported at once',
    );
    t.is(lines.at(-1), 'rebuild account-owners: 6/6 (100%)');
    t.deepEqual(await runJson(['owners'], env), { generation: 3, owners });
  });

  test(`${storage}: a rebuild stopped by SIGINT keeps the served generation, and the next rebuild continues`, async (t) => {
    const env = await freshDatabase(t, storage);
    await runJson(['open-accounts', '4'], env);
    const slow = { ...env, FIXTURE_BATCH_SIZE: '1', FIXTURE_HANDLER_DELAY: '200' };
    const child = startCli(['projections', 'rebuild', 'account-owners'], slow);
    const run = finished(child);
    await new Promise<void>((resolve) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('rebuild account-owners: ')) resolve();
      });
    });
    child.kill('SIGINT');
    const stopped = await run;
    t.is(stopped.code, 1);
    t.regex(
      stopped.stderr,
      /annals projections: the rebuild of account-owners stopped at position \d of 8; generation 1 still serves/,
    );
    t.like(await runJson<ProjectionStatus>(['projections', 'status', 'account-owners'], env), {
      generation: 1,
      rebuilding: 2,
    });
    t.deepEqual(await runJson(['projections', 'rebuild', 'account-owners'], env), {
      name: 'account-owners',
      generation: 2,
      replaced: 1,
    });
    t.like(await runJson(['owners'], env), {
      generation: 2,
      owners: ['owner 0', 'owner 1', 'owner 2', 'owner 3'],
    });
  });
}

test('sqlite: pause and resume change what status and list say, for every process that runs it', async (t) => {
  const env = await freshDatabase(t, 'sqlite');
  t.deepEqual(await runJson(['projections', 'pause', 'account-owners'], env), {
    name: 'account-owners',
    paused: true,
  });
  t.like(await runJson<ProjectionStatus>(['projections', 'status', 'account-owners'], env), { paused: true });
  t.regex((await runCli(['projections', 'list'], env)).stdout, /generation 1, paused; up to date/);
  const resumed = await runCli(['projections', 'resume', 'account-owners'], env);
  t.is(resumed.stdout, 'resumed account-owners: the processes that run it catch up\n');
  t.like(await runJson<ProjectionStatus>(['projections', 'status', 'account-owners'], env), {
    paused: false,
  });
});

test('sqlite: an unknown projection or a wrong command line exits 2 with a one-line reason', async (t) => {
  const env = await freshDatabase(t, 'sqlite');
  const unknown = await runCli(['projections', 'status', 'nobody', '--json'], env);
  t.is(unknown.code, 2);
  t.is(unknown.stderr, 'annals projections: no projection is named "nobody"\n');
  t.like(JSON.parse(unknown.stdout), {
    error: { command: 'projections', code: 'ANNALS_PROJECTION_NOT_FOUND' },
  });
  t.is((await runCli(['projections', 'rebuild', 'nobody'], env)).code, 2);
  for (const args of [['projections'], ['projections', 'rebuild']]) {
    const wrong = await runCli(args, env);
    t.is(wrong.code, 2, args.join(' '));
    t.regex(
      wrong.stderr,
      /^annals projections: usage: annals projections list \| status \[name\] \| rebuild <name>/,
    );
  }
});
