import type { DrainResult } from '@annals/amqp';
import { requireMessaging, selectConsumers, type BuiltinCommand } from './command.js';

export const drainCommand: BuiltinCommand = {
  name: 'drain',
  usage: 'drain [consumer] [--wait-for-retries]',
  summary: 'process every outstanding message of one consumer (or all) and stop when the queue is empty',
  configure: (command) =>
    command
      .argument('[consumer]', 'the consumer to drain; every consumer when left out')
      .option('--wait-for-retries', 'also wait for the messages waiting out a retry delay'),
  run: async (context) => {
    const consumers = selectConsumers(requireMessaging(context), context.positionals[0]);
    const results: Record<string, DrainResult> = {};
    for (const consumer of consumers) {
      const bar = context.output.progress(consumer.name, 0);
      let done = 0;
      try {
        results[consumer.name] = await consumer.drain({
          waitForRetries: context.flags.waitForRetries,
          onProgress: (_, remaining) => bar.update(++done, done + remaining),
        });
      } finally {
        bar.done();
      }
    }
    const text = Object.entries(results)
      .map(
        ([name, r]) =>
          `${name}: ${r.handled} handled, ${r.duplicates} duplicates, ${r.retried} retried, ${r.parked} parked`,
      )
      .join('\n');
    context.output.result(results, text);
  },
};
