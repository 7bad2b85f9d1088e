import test from 'ava';
import type { Channel, Message } from 'amqplib';
import { Acknowledgements } from './acknowledgements.js';

const delivery = (deliveryTag: number): Message => ({ fields: { deliveryTag } }) as unknown as Message;

/** A channel that records the acknowledgements it is asked to send. */
function recordingChannel(): { channel: Channel; sent: [number, boolean][] } {
  const sent: [number, boolean][] = [];
  const channel = {
    ack: (message: Message, allUpTo = false) => sent.push([message.fields.deliveryTag, allUpTo]),
  } as unknown as Channel;
  return { channel, sent };
}

test('settled deliveries are acknowledged with one frame up to the last one with nothing unsettled before it', (t) => {
  const { channel, sent } = recordingChannel();
  const acks = new Acknowledgements(channel);
  const [one, two, three, four] = [1, 2, 3, 4].map(delivery) as [Message, Message, Message, Message];
  for (const each of [one, two, three, four]) acks.received(each);
  acks.ack([one, two]);
  t.deepEqual(sent, [[2, true]]);
  acks.ack([four]);
  t.deepEqual(sent, [[2, true]], 'four waits for three');
  acks.ack([three]);
  t.deepEqual(sent, [
    [2, true],
    [4, true],
  ]);
});

test('a flush acknowledges each settled straggler alone, leaving the unsettled to the broker', (t) => {
  const { channel, sent } = recordingChannel();
  const acks = new Acknowledgements(channel);
  const [one, two, three] = [1, 2, 3].map(delivery) as [Message, Message, Message];
  for (const each of [one, two, three]) acks.received(each);
  acks.ack([two, three]);
  t.deepEqual(sent, []);
  acks.flush();
  t.deepEqual(sent, [
    [2, false],
    [3, false],
  ]);
});
