import { requireMessaging, type BuiltinCommand } from './command.js';

export const setupCommand: BuiltinCommand = {
  name: 'setup',
  usage: 'setup',
  summary: 'declare the exchanges, queues and bindings of the relay and every consumer',
  run: async (context) => {
    const topology = await requireMessaging(context).setup();
    const text = [
      ...topology.exchanges.map((e) => `exchange ${e.name} (${e.type})`),
      ...topology.queues.map((q) => `queue ${q.name}`),
      ...topology.bindings.map((b) => `binding ${b.exchange} -> ${b.queue} [${b.pattern}]`),
    ].join('\n');
    context.output.result(topology, text);
  },
};
