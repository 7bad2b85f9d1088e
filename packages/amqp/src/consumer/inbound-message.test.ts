import test from 'ava';
import type { Message } from 'amqplib';
import { Header } from '../messages/headers.js';
import { orderingKeyOf, toInboundMessage } from './inbound-message.js';

const delivery = (properties: Record<string, unknown>): Message =>
  ({
    fields: { deliveryTag: 1, routingKey: 'Account.Opened', redelivered: false },
    properties: { headers: {}, ...properties },
    content: Buffer.from('{"payload":{}}'),
  }) as unknown as Message;

test('the ordering key is the annals-ordering-key header, never read out of the message id', (t) => {
  const message = delivery({ messageId: 'a:1', headers: { [Header.orderingKey]: 'account-7' } });
  t.is(orderingKeyOf(message), 'account-7');
  t.is(toInboundMessage(message).orderingKey, 'account-7');
});

test('a message published without an ordering key is ordered by its id alone', (t) => {
  t.is(orderingKeyOf(delivery({ messageId: 'a:1' })), 'a:1');
  const anonymous = delivery({});
  t.regex(orderingKeyOf(anonymous), /^sha256:/);
  t.is(orderingKeyOf(anonymous), toInboundMessage(anonymous).id);
});
