import type { ChannelModel } from 'amqplib';
import { TopologyMissingError } from '../errors/index.js';
import type { Topology } from './topology.js';

/** Declares every exchange, queue and binding of the topology; safe to repeat. */
export async function declareTopology(model: ChannelModel, topology: Topology): Promise<void> {
  const channel = await model.createChannel();
  try {
    for (const exchange of topology.exchanges) {
      await channel.assertExchange(exchange.name, exchange.type, { durable: true });
    }
    for (const queue of topology.queues) {
      await channel.assertQueue(queue.name, { durable: true, arguments: { ...queue.arguments } });
    }
    for (const binding of topology.bindings) {
      await channel.bindQueue(binding.queue, binding.exchange, binding.pattern);
    }
  } finally {
    await channel.close().catch(() => undefined);
  }
}

/**
 * Checks, without creating anything, that the topology's exchanges and queues exist, and throws a
 * `TopologyMissingError` naming every missing one. AMQP 0-9-1 cannot check a binding without creating it, so
 * once its queue and exchange exist the bindings are applied (idempotently): they belong to the code that
 * subscribes, and need no configure permission.
 */
export async function checkTopology(model: ChannelModel, topology: Topology): Promise<void> {
  const missing: string[] = [];
  // A failed passive declare closes its channel, so each check gets one of its own.
  const exists = async (
    check: (channel: Awaited<ReturnType<ChannelModel['createChannel']>>) => Promise<unknown>,
  ) => {
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    try {
      await check(channel);
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === 404) return false;
      throw error;
    } finally {
      await channel.close().catch(() => undefined);
    }
  };
  for (const exchange of topology.exchanges) {
    if (!(await exists((channel) => channel.checkExchange(exchange.name)))) {
      missing.push(`exchange "${exchange.name}"`);
    }
  }
  for (const queue of topology.queues) {
    if (!(await exists((channel) => channel.checkQueue(queue.name)))) missing.push(`queue "${queue.name}"`);
  }
  if (missing.length > 0) throw new TopologyMissingError(missing);
  if (topology.bindings.length === 0) return;
  const channel = await model.createChannel();
  try {
    for (const binding of topology.bindings) {
      await channel.bindQueue(binding.queue, binding.exchange, binding.pattern);
    }
  } finally {
    await channel.close().catch(() => undefined);
  }
}
