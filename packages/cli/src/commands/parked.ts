import type { ParkedMessage } from '@annals/amqp';
import { ValidationError } from '@annals/core';
import { requireMessaging, selectConsumers, type BuiltinCommand } from './command.js';

export const parkedCommand: BuiltinCommand = {
  name: 'parked',
  usage: 'parked list [consumer] [--limit N] | parked replay [consumer] [--id ID …]',
  summary: 'show parked messages, or send them back to their consumer for another round of attempts',
  configure: (command) =>
    command
      .argument('[action]', 'list or replay')
      .argument('[consumer]', 'the consumer whose parked messages; every consumer when left out')
      .option('--limit <n>', 'list: how many messages per consumer (default 100)')
      .option('--id <id>', 'replay: only this message; repeat for more', collect),
  run: async (context) => {
    const [action, name] = context.positionals;
    const consumers = selectConsumers(requireMessaging(context), name);
    if (action === 'list') {
      const parked: Record<string, ParkedMessage[]> = {};
      for (const consumer of consumers)
        parked[consumer.name] = await consumer.parkedMessages(context.flags.limit ?? 100);
      const text = Object.entries(parked)
        .flatMap(([consumer, messages]) => [
          `${consumer}: ${messages.length} parked`,
          ...messages.map((m) => `  ${m.id} ${m.topic} after ${m.attempts} attempts: ${m.error}`),
        ])
        .join('\n');
      context.output.result(parked, text);
      return;
    }
    if (action === 'replay') {
      const ids = context.flags.ids.length > 0 ? context.flags.ids : undefined;
      const replayed: Record<string, number> = {};
      for (const consumer of consumers) replayed[consumer.name] = await consumer.replayParked(ids);
      const text = Object.entries(replayed)
        .map(([consumer, count]) => `${consumer}: replayed ${count}`)
        .join('\n');
      context.output.result(replayed, text);
      return;
    }
    throw new ValidationError(`usage: annals ${parkedCommand.usage}`);
  },
};

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
