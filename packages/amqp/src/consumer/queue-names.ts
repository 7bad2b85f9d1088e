import type { Topology } from '../topology/index.js';

/** The broker objects of one consumer queue: its retry exchange, delay queues and parked queue. */
export interface QueueNames {
  /** The consumer's durable queue. */
  readonly queue: string;
  /** The exchange failed messages go through to the delay queues. */
  readonly retryExchange: string;
  /** `delayQueues[i]` holds messages before attempt `i + 2`. */
  readonly delayQueues: readonly string[];
  /** Where messages wait after their last attempt failed. */
  readonly parked: string;
}

export function queueNames(queue: string, retries: number): QueueNames {
  return {
    queue,
    retryExchange: `${queue}.retry`,
    delayQueues: Array.from({ length: retries }, (_, index) => `${queue}.retry.${index + 1}`),
    parked: `${queue}.parked`,
  };
}

/** Options of {@link consumerTopology}. */
export interface ConsumerTopologyOptions {
  readonly names: QueueNames;
  readonly exchange: string;
  readonly bindingKeys: readonly string[];
  readonly retryDelays: readonly number[];
  readonly queueType: 'classic' | 'quorum';
}

/**
 * The main queue bound to the producers' exchange; a direct retry exchange routing attempt `n` to delay queue
 * `n`, whose TTL dead-letters the message back to the main queue (through the default exchange, so no other
 * consumer sees it again); and the parked queue.
 */
export function consumerTopology(options: ConsumerTopologyOptions): Topology {
  const { names, exchange, bindingKeys, retryDelays, queueType } = options;
  return {
    exchanges: [
      { name: exchange, type: 'topic' },
      { name: names.retryExchange, type: 'direct' },
    ],
    queues: [
      { name: names.queue, arguments: { 'x-queue-type': queueType } },
      ...names.delayQueues.map((name, index) => ({
        name,
        arguments: {
          'x-message-ttl': retryDelays[index],
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': names.queue,
        },
      })),
      { name: names.parked },
    ],
    bindings: [
      ...bindingKeys.map((pattern) => ({ queue: names.queue, exchange, pattern })),
      ...names.delayQueues.map((queue, index) => ({
        queue,
        exchange: names.retryExchange,
        pattern: String(index + 1),
      })),
      { queue: names.parked, exchange: names.retryExchange, pattern: 'parked' },
    ],
  };
}
