import test from 'ava';
import { createPostgresqlDatabase } from '@annals/mikro-orm/testing';
import { killedProcessScenario, killedProjectorScenario } from './scenarios.js';

test('on PostgreSQL a projector killed mid-batch is taken over, and no event counts twice or never', async (t) => {
  const database = await createPostgresqlDatabase('annals_read_side');
  t.teardown(() => database.drop());
  await killedProjectorScenario(t, { kind: 'postgresql', url: database.url });
});

test('on PostgreSQL a process application killed between loading and recording resumes without duplicates', async (t) => {
  const database = await createPostgresqlDatabase('annals_read_side');
  t.teardown(() => database.drop());
  await killedProcessScenario(t, { kind: 'postgresql', url: database.url });
});
