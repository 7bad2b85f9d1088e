import test from 'ava';
import { silentLogger } from '@annals/core';
import type { Channel, ConfirmChannel, Message } from 'amqplib';
import { Acknowledgements } from './acknowledgements.js';
import type { Turn } from './batch-lanes.js';
import { DeliveryProcessor, type DeliveryProcessorOptions } from './delivery-processor.js';
import { queueNames } from './queue-names.js';

const delivery = (deliveryTag: number): Message =>
  ({
    fields: { deliveryTag, routingKey: 'Account.Opened', redelivered: false },
    properties: { messageId: `account:${deliveryTag}`, headers: {} },
    content: Buffer.from('{}'),
  }) as unknown as Message;

/** A storage whose transactions count their commits and rollbacks, recording every id as new. */
function countingStorage(): {
  strategy: DeliveryProcessorOptions['strategy'];
  commits: number;
  rollbacks: number;
} {
  const counts = { commits: 0, rollbacks: 0 };
  const strategy = {
    transaction: async <T>(work: () => Promise<T>): Promise<T> => {
      try {
        const result = await work();
        counts.commits++;
        return result;
      } catch (error) {
        counts.rollbacks++;
        throw error;
      }
    },
    recordProcessedMessages: async (_consumer: string, ids: readonly string[]) => [...ids],
  } as unknown as DeliveryProcessorOptions['strategy'];
  return Object.assign(counts, { strategy });
}

test('a batch begun while the one before committed rolls back when that commit failed, and runs after its recovery', async (t) => {
  const storage = countingStorage();
  const handled: string[] = [];
  const processor = new DeliveryProcessor({
    consumer: 'test',
    names: queueNames('test', 0),
    maxAttempts: 1,
    dispatch: () => [(message) => void handled.push(message.id)],
    strategy: storage.strategy,
    logger: silentLogger,
  });
  const acked: number[] = [];
  const acks = new Acknowledgements({
    ack: (message: Message) => acked.push(message.fields.deliveryTag),
  } as unknown as Channel);
  const batch = [delivery(1), delivery(2)];
  for (const each of batch) acks.received(each);
  let recovered: () => void = () => undefined;
  const previousDone = new Promise<void>((resolve) => (recovered = resolve));
  const turn: Turn = {
    previous: Promise.resolve(false),
    previousDone,
    committing: () => undefined,
    committed: () => undefined,
  };
  const processing = processor.processBatch(batch, acks, {} as ConfirmChannel, turn);
  // Nothing but `recovered()` lets the batch go on once its overlapping transaction has rolled back.
  while (storage.rollbacks === 0) await new Promise((resolve) => setImmediate(resolve));
  t.is(storage.rollbacks, 1, 'the overlapping transaction rolled back');
  t.deepEqual(handled, [], 'no handler runs before the batch before it is dealt with');
  recovered();
  t.deepEqual(await processing, ['handled', 'handled']);
  t.deepEqual(handled, ['account:1', 'account:2']);
  t.is(storage.commits, 1);
  t.deepEqual(acked, [2], 'both acknowledged, in one frame, after the commit');
});
