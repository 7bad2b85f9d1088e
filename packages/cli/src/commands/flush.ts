import { requireMessaging, type BuiltinCommand } from './command.js';

export const flushCommand: BuiltinCommand = {
  name: 'flush',
  usage: 'flush',
  summary: 'publish every pending outbox message (what a crash left behind) and wait for the confirms',
  run: async (context) => {
    const messaging = requireMessaging(context);
    const bar = context.output.progress('flush', 0);
    let published: number;
    try {
      published = await messaging.flush({
        onProgress: ({ published: done, pendingAtStart }) => bar.update(done, pendingAtStart),
      });
    } finally {
      bar.done();
    }
    context.output.result({ published }, `published ${published} message${published === 1 ? '' : 's'}`);
  },
};
