import { performance } from 'node:perf_hooks';
import type { Contender } from './contender.js';
import { READY, type Reply, type Request } from './protocol.js';

const collectGarbage = (globalThis as { gc?: () => void }).gc;

/**
 * Runs in a contender process: opens the contender, then answers the benchmark process's requests one at a
 * time, timing each `perform` from a collected heap, after its untimed `reset`.
 */
export async function serveContender<Task>(open: () => Promise<Contender<Task>>): Promise<void> {
  const send = (message: Reply | typeof READY): void => {
    process.send?.(message);
  };
  const contender = await open();
  let queue = Promise.resolve();
  process.on('message', (message: Request) => {
    queue = queue.then(async () => {
      try {
        send({ id: message.id, ...(await handle(contender, message)) });
      } catch (error) {
        send({
          id: message.id,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
      }
      if (message.op === 'close') process.disconnect();
    });
  });
  send(READY);
}

async function handle<Task>(contender: Contender<Task>, request: Request): Promise<{ seconds?: number }> {
  const task = request.task as Task;
  switch (request.op) {
    case 'prepare':
      await contender.prepare(task);
      return {};
    case 'perform': {
      await contender.reset?.(task);
      collectGarbage?.();
      const start = performance.now();
      await contender.perform(task);
      return { seconds: (performance.now() - start) / 1000 };
    }
    case 'close':
      await contender.close();
      return {};
  }
}
