import type { ConnectionOptions } from 'node:tls';
import type { ActiveRecordStrategy, Logger } from '@annals/core';
import type { Backoff } from '../broker/backoff.js';
import type { Topology } from '../topology/index.js';

/** Options of an {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  /** The storage whose outbox the relay empties; it needs the `outbox` capability. */
  readonly strategy: ActiveRecordStrategy;
  /** The broker, e.g. `amqp://guest:guest@127.0.0.1:5672`; `amqps://` for TLS. */
  readonly url: string;
  /** Options of Node's `tls.connect` for an `amqps://` URL, e.g. `{ ca }`. @default Node's trusted CAs */
  readonly tls?: ConnectionOptions | undefined;
  /**
   * What the relay checks (or declares, with `setup`) at start: the exchanges its messages go to.
   * @default nothing
   */
  readonly topology?: Topology | undefined;
  /** Declare the topology at start instead of checking it. @default false */
  readonly setup?: boolean | undefined;
  /** Rows per claim: per transaction and per wait for confirms. @default 500 */
  readonly batchSize?: number | undefined;
  /** Claims running at once; each keeps per-ordering-key order with the others. @default 2 */
  readonly concurrency?: number | undefined;
  /**
   * How often to look for rows no commit of this process announced (other processes, crashes), ms. 0 turns
   * the sweep off. @default 1000
   */
  readonly sweepInterval?: number | undefined;
  /** How long to wait for the broker to confirm a batch, ms. @default 30000 */
  readonly confirmTimeout?: number | undefined;
  /** The AMQP `app-id` of the messages, e.g. the service name. @default undefined */
  readonly appId?: string | undefined;
  /** The connection's name on the broker. @default 'annals-relay' */
  readonly connectionName?: string | undefined;
  /** Delays between reconnection attempts. @default { initial: 100, max: 5000 } */
  readonly backoff?: Backoff | undefined;
  /** @default silent */
  readonly logger?: Logger | undefined;
}

/** Progress of a {@link OutboxRelay.flush}. */
export interface FlushProgress {
  /** Rows confirmed so far by this flush. */
  readonly published: number;
  /** Rows pending when the flush started. */
  readonly pendingAtStart: number;
}

/** Options of {@link OutboxRelay.flush}. */
export interface FlushOptions {
  /** Called after each confirmed batch. @default undefined */
  readonly onProgress?: ((progress: FlushProgress) => void) | undefined;
  /**
   * Give up after this many ms of failing to publish, with an `OperationalError`; and stop waiting, after as
   * long, for rows held back behind a row another claim holds. @default 30000
   */
  readonly timeout?: number | undefined;
}
