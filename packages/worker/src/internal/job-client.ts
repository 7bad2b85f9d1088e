import {
  JobFailedError,
  JobWorkerStoppedError,
  WorkerErrorCode,
  type RemoteErrorInfo,
} from '../errors/index.js';
import { activeTraceHeaders } from '@annals/core/telemetry';
import type { FromWorker, ToWorker } from './protocol.js';
import { reviveError } from './remote-error.js';

interface Pending {
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

/** The source's end of a channel to one job worker: numbers jobs and settles them as replies arrive. */
export class JobClient {
  readonly #send: (message: ToWorker) => void;
  readonly #pending = new Map<number, Pending>();
  #next = 1;

  constructor(send: (message: ToWorker) => void) {
    this.#send = send;
  }

  /** How many jobs wait for a reply. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Sends `job` with the active trace context, so that the worker's `annals.job` span joins its trace. */
  run(job: unknown): Promise<unknown> {
    const id = this.#next++;
    const trace = activeTraceHeaders();
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#send({ kind: 'annals:job', id, job, ...(Object.keys(trace).length > 0 ? { trace } : {}) });
    });
  }

  /** Settles the job a reply is for; other messages are ignored. */
  receive(message: FromWorker): void {
    if (message.kind !== 'annals:done' && message.kind !== 'annals:failed') return;
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if (message.kind === 'annals:done') pending.resolve(message.result);
    else pending.reject(jobError(message.error));
  }

  /** Fails every job still waiting, e.g. when the worker is gone. */
  failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}

function jobError(remote: RemoteErrorInfo): Error {
  const cause = reviveError(remote);
  // A worker that is stopping refuses jobs the same way in every process, so callers match one error.
  if (remote.code === WorkerErrorCode.stopped) return new JobWorkerStoppedError({ cause });
  return new JobFailedError(remote, { cause });
}
