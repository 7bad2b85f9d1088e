import type { JobWorker } from '../job-worker/index.js';
import { isToWorker, type FromWorker } from './protocol.js';
import { describeError } from './remote-error.js';

/** The worker's end of a channel to its job source: a forked child's IPC, or a thread's parent port. */
export interface WorkerChannel {
  /** Resolves once the message has left this process (so that exiting afterwards does not lose it). */
  send(message: FromWorker): Promise<void>;
  onMessage(listener: (message: unknown) => void): void;
}

/** How serving ended: the exit code the process or thread should end with. */
export interface JobServer {
  /** Stops taking jobs, lets the running ones finish and reply, and stops the worker. Safe to call twice. */
  stop(): Promise<void>;
  /** Resolves with 0 after a clean stop, 1 when `init` or closing the application failed. */
  readonly finished: Promise<number>;
}

/**
 * Serves jobs arriving on a channel with a job worker: starts it at once (and reports ready or the error of
 * its `init`), replies to each job with its result or error, and stops when asked to.
 */
export function serveJobs(worker: JobWorker<unknown, unknown>, channel: WorkerChannel): JobServer {
  const replies = new Set<Promise<void>>();
  let failed = false;
  let stopping: Promise<void> | undefined;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));

  const reply = (sending: Promise<void>): void => {
    replies.add(sending);
    void sending.finally(() => replies.delete(sending));
  };

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await worker.stop().catch(() => (failed = true));
      await Promise.allSettled(replies);
      finish(failed ? 1 : 0);
    })();
    return stopping;
  };

  channel.onMessage((message) => {
    if (!isToWorker(message)) return;
    if (message.kind === 'annals:stop') {
      void stop();
      return;
    }
    const { id } = message;
    reply(
      worker.run(message.job, message.trace ? { traceContext: message.trace } : {}).then(
        (result) => channel.send({ kind: 'annals:done', id, result }),
        (error: unknown) => channel.send({ kind: 'annals:failed', id, error: describeError(error) }),
      ),
    );
  });

  worker.start().then(
    () => reply(channel.send({ kind: 'annals:ready' })),
    (error: unknown) => {
      failed = true;
      reply(channel.send({ kind: 'annals:start-failed', error: describeError(error) }));
      void stop();
    },
  );

  return { stop, finished };
}
