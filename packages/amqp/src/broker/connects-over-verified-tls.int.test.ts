import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { isConfigurationError, isOperationalError, silentLogger } from '@annals/core';
import { CertificateAuthority, startThrowawayRabbitmq, type ThrowawayRabbitmq } from '@annals/test-support';
import { Account, Accounts } from '../fixtures/accounts.js';
import { Messaging } from '../messaging/index.js';
import { BrokerConnection } from './broker-connection.js';

let dir: string;
let ca: CertificateAuthority;
let otherCa: CertificateAuthority;
let broker: ThrowawayRabbitmq | undefined;

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'annals-amqp-tls-'));
  ca = await CertificateAuthority.create(dir, 'annals-test-ca');
  otherCa = await CertificateAuthority.create(dir, 'another-ca');
  // The certificate names the node's address only, so a URL with the host `localhost` does not match it.
  const certificate = await ca.issue({ name: 'rabbitmq', altNames: ['IP:127.0.0.1'] });
  broker = await startThrowawayRabbitmq({ certificate });
});

test.after.always(async () => {
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

function started(): ThrowawayRabbitmq {
  if (!broker) throw new Error('the throwaway RabbitMQ did not start');
  return broker;
}

test.serial('amqps:// with the CA as the tls option connects over a verified TLS connection', async (t) => {
  const connection = new BrokerConnection({
    url: started().url(),
    tls: { ca: ca.cert },
    name: 'annals-tls-test',
    logger: silentLogger,
  });
  t.teardown(() => connection.close());
  const model = await connection.open();
  const { stream } = model.connection as unknown as { stream: unknown };
  t.true(stream instanceof TLSSocket && stream.authorized);
});

test.serial(
  'AMQP_URL and AMQP_CA_FILE from the environment carry events out and back over TLS',
  async (t) => {
    const app = new Accounts({
      name: 'bank',
      env: { BANK_AMQP_URL: started().url(), BANK_AMQP_CA_FILE: ca.certFile },
    });
    const messaging = new Messaging(app, { exchange: 'tls.events', publishes: ['Account.*'], setup: true });
    const owners: unknown[] = [];
    messaging.consumer('tls-ledger').subscribe('Account.Opened', (message) => {
      owners.push(message.body.payload['owner']);
    });
    t.teardown(async () => {
      await messaging.close();
      await app.close();
    });
    await messaging.setup();
    await app.save(Account.open('ada'));
    t.is(await messaging.flush(), 1);
    t.like(await messaging.consumers[0]?.drain(), { handled: 1 });
    t.deepEqual(owners, ['ada']);
  },
);

test.serial('a broker whose certificate another CA signed is refused', async (t) => {
  const connection = new BrokerConnection({
    url: started().url(),
    tls: { ca: otherCa.cert },
    name: 'annals-tls-test',
    logger: silentLogger,
  });
  t.teardown(() => connection.close());
  const error = await t.throwsAsync(connection.open());
  t.true(isOperationalError(error));
  t.regex(
    error?.message ?? '',
    /^RabbitMQ at amqps:\/\/guest:\*\*\*@127\.0\.0\.1:\d+ failed while connecting: the server's TLS certificate is not signed by a trusted CA/,
  );
});

test.serial('a broker whose certificate names another host is refused', async (t) => {
  const connection = new BrokerConnection({
    url: started().url('localhost'),
    tls: { ca: ca.cert },
    name: 'annals-tls-test',
    logger: silentLogger,
  });
  t.teardown(() => connection.close());
  const error = await t.throwsAsync(connection.open());
  t.true(isOperationalError(error));
  t.regex(
    error?.message ?? '',
    /failed while connecting: the server's TLS certificate does not name the host/,
  );
});

test.serial('TLS options with an amqp:// URL are refused, since nothing would be encrypted', (t) => {
  const error = t.throws(
    () =>
      new BrokerConnection({
        url: 'amqp://guest:guest@127.0.0.1:5672',
        tls: { ca: ca.cert },
        name: 'x',
        logger: silentLogger,
      }),
  );
  t.true(isConfigurationError(error));
  t.regex(error?.message ?? '', /amqp:\/\/guest:\*\*\*@127\.0\.0\.1:5672.*is not an amqps:\/\/ URL/);
});
