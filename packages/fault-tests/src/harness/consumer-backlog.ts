import { Consumer, type ConsumerBacklog } from '@annals/amqp';
import { effectsQueue, effectsRetryDelays } from '../model/effects.js';

/** How many messages wait in the effects consumer's queues: ready, for another attempt, or parked. */
export async function consumerBacklog(url: string, exchange: string): Promise<ConsumerBacklog> {
  const consumer = new Consumer({ name: effectsQueue, url, exchange, retryDelays: effectsRetryDelays });
  try {
    return await consumer.backlog();
  } finally {
    await consumer.close();
  }
}
