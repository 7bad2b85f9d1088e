import { recordTelemetry } from '@annals/test-support';
import test from 'ava';
import { histogram } from './metrics.js';
import { inSpan } from './span.js';

test('without an SDK nothing records, and no span attributes are made; with one, both are', async (t) => {
  const duration = histogram('annals.test.duration', { description: 'a test instrument', unit: 's' });
  let made = 0;
  const attributes = () => {
    made += 1;
    return { 'annals.test.made': made };
  };

  t.false(duration.recording);
  await inSpan('annals.test', { attributes }, () => undefined);
  t.is(made, 0);

  const telemetry = recordTelemetry();
  t.true(duration.recording);
  await inSpan('annals.test', { attributes }, () => undefined);
  t.is(made, 1);
  t.is(telemetry.spans('annals.test')[0]?.attributes['annals.test.made'], 1);
});
