import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killedProcessScenario, killedProjectorScenario } from './scenarios.js';

const directory = mkdtempSync(join(tmpdir(), 'annals-read-side-'));
test.after.always(() => rmSync(directory, { recursive: true, force: true }));

test('on SQLite a projector killed mid-batch is taken over, and no event counts twice or never', async (t) => {
  await killedProjectorScenario(t, { kind: 'sqlite', path: join(directory, 'projector.sqlite') });
});

test('on SQLite a process application killed between loading and recording resumes without duplicates', async (t) => {
  await killedProcessScenario(t, { kind: 'sqlite', path: join(directory, 'process.sqlite') });
});
