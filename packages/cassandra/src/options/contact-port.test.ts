import test from 'ava';
import { isValidationError } from '@annals/core';
import { withContactPort } from './contact-port.js';

test('the port the contact points name is the port of every node the driver discovers', (t) => {
  const points = ['127.0.0.1:9142', '127.0.0.2:9142', '[::1]:9142'];
  t.deepEqual(withContactPort({ pooling: { warmup: true } }, points), {
    pooling: { warmup: true },
    protocolOptions: { port: 9142 },
  });
  t.deepEqual(withContactPort({}, ['10.0.0.1', '10.0.0.2:9042', '::1']), {});
});

test('an explicit protocolOptions.port is kept', (t) => {
  const options = { protocolOptions: { port: 9242 } };
  t.is(withContactPort(options, ['127.0.0.1:9142', '127.0.0.2']), options);
});

test('contact points on different ports are refused', (t) => {
  const error = t.throws(() => withContactPort({}, ['127.0.0.1:9142', '127.0.0.2']));
  t.true(isValidationError(error));
  t.regex(error?.message ?? '', /9142, 9042/);
});
