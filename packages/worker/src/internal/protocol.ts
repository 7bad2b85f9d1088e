import type { RemoteErrorInfo } from '../errors/index.js';

/** Messages a job source sends to a job worker in another process or thread. */
export type ToWorker =
  | {
      readonly kind: 'annals:job';
      readonly id: number;
      readonly job: unknown;
      /** The trace context the job was submitted in, as W3C headers; absent when nothing is traced. */
      readonly trace?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'annals:stop' };

/** Messages a job worker sends back. */
export type FromWorker =
  | { readonly kind: 'annals:ready' }
  | { readonly kind: 'annals:start-failed'; readonly error: RemoteErrorInfo }
  | { readonly kind: 'annals:done'; readonly id: number; readonly result: unknown }
  | { readonly kind: 'annals:failed'; readonly id: number; readonly error: RemoteErrorInfo };

const toWorker = new Set<string>(['annals:job', 'annals:stop']);
const fromWorker = new Set<string>(['annals:ready', 'annals:start-failed', 'annals:done', 'annals:failed']);

// The channels may carry the application's own messages too; these tell ours apart.
function kindOf(message: unknown): unknown {
  return typeof message === 'object' && message !== null ? (message as { kind?: unknown }).kind : undefined;
}

export function isToWorker(message: unknown): message is ToWorker {
  const kind = kindOf(message);
  return typeof kind === 'string' && toWorker.has(kind);
}

export function isFromWorker(message: unknown): message is FromWorker {
  const kind = kindOf(message);
  return typeof kind === 'string' && fromWorker.has(kind);
}
