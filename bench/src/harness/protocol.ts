/** What the benchmark process asks of a contender process. */
export interface Request {
  readonly id: number;
  readonly op: 'prepare' | 'perform' | 'close';
  readonly task?: unknown;
}

/** A contender process's answer: the seconds a `perform` took, or why a request failed. */
export interface Reply {
  readonly id: number;
  readonly seconds?: number;
  readonly error?: string;
}

/** Sent once the contender is open and takes requests. */
export const READY = 'ready';
