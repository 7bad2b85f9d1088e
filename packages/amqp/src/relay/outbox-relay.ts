import { setTimeout as sleep } from 'node:timers/promises';
import {
  ClosedError,
  hasOutbox,
  hasOutboxDispatch,
  NotSupportedError,
  OperationalError,
  silentLogger,
  tracedLogger,
  type ActiveRecordStrategy,
  type Logger,
  type OutboxStore,
} from '@annals/core';
import type {
  ClaimedOutboxMessage,
  ClaimOutboxOptions,
  OutboxClaim,
  OutboxCommit,
} from '@annals/core/storage';
import { startSpan, type TracedSpan } from '@annals/core/telemetry';
import { backoffDelay, type Backoff } from '../broker/backoff.js';
import { BrokerConnection } from '../broker/broker-connection.js';
import { checkTopology, declareTopology, type Topology } from '../topology/index.js';
import { observeOutboxBacklog } from '../telemetry/relay-metrics.js';
import { ConfirmPublisher } from './confirm-publisher.js';
import type { FlushOptions, OutboxRelayOptions } from './outbox-relay-options.js';

/** How long settling waits for more confirms after a settlement, when more have come meanwhile, ms. */
const settlePause = 10;

/** Dispatched rows waiting to be settled. */
interface Settlement {
  readonly confirmed: number[];
  readonly unconfirmed: number[];
}

/**
 * Publishes committed outbox rows to RabbitMQ with publisher confirms, each to its own exchange with its
 * routing key, and removes a row only once the broker confirmed it. It hears of commits on the strategy's
 * after-commit path: where the storage dispatches on commit (`outbox-dispatch`, PostgreSQL), the rows a save
 * of this process commits are published straight after the commit, without reading them back; the rest it
 * claims: after a commit that wrote outbox rows, on a periodic sweep for rows other processes or crashes
 * left, and on `flush()`. It reconnects with back-off when the broker drops the connection; unconfirmed rows
 * stay pending and go again. Several relays, in one process or many, can run at once (see the storage's
 * `claimOutbox`).
 *
 * @example
 * ```ts
 * const topology = { exchanges: [{ name: 'bank.events', type: 'topic' }], queues: [], bindings: [] };
 * const relay = new OutboxRelay({ strategy: app.strategy, url, topology });
 * await relay.start(); // from now on, every committed save's outbox rows go out
 * ```
 */
export class OutboxRelay {
  readonly #strategy: ActiveRecordStrategy & OutboxStore;
  readonly #connection: BrokerConnection;
  readonly #publisher: ConfirmPublisher;
  readonly #logger: Logger;
  readonly #topology: Topology;
  readonly #setup: boolean;
  readonly #batchSize: number;
  readonly #concurrency: number;
  readonly #sweepInterval: number;
  readonly #backoff: Backoff | undefined;
  readonly #stopping = new AbortController();
  #sweep: NodeJS.Timeout | undefined;
  #pass: Promise<void> | undefined;
  #unlisten: (() => void) | undefined;
  #unobserve: (() => void) | undefined;
  readonly #application: string | undefined;
  readonly #dispatches = new Set<Promise<void>>();
  #settlement: Settlement = { confirmed: [], unconfirmed: [] };
  #settling: Promise<void> | undefined;
  /** A claim left rows behind an older row of their key: claim again once dispatched rows are settled. */
  #blocked = false;
  #dirty = false;
  #started = false;
  #stopped = false;
  #published = 0;

  constructor(options: OutboxRelayOptions) {
    const { strategy } = options;
    if (!hasOutbox(strategy)) {
      throw new NotSupportedError(`the ${strategy.name} strategy has no outbox to relay`);
    }
    this.#strategy = strategy;
    this.#application = options.appId;
    this.#logger = tracedLogger(options.logger ?? silentLogger).child({ component: 'relay' });
    this.#connection = new BrokerConnection({
      url: options.url,
      tls: options.tls,
      name: options.connectionName ?? 'annals-relay',
      logger: this.#logger,
      backoff: options.backoff,
    });
    this.#publisher = new ConfirmPublisher({
      connection: this.#connection,
      logger: this.#logger,
      appId: options.appId,
      confirmTimeout: options.confirmTimeout ?? 30_000,
    });
    this.#topology = options.topology ?? { exchanges: [], queues: [], bindings: [] };
    this.#setup = options.setup ?? false;
    this.#batchSize = options.batchSize ?? 500;
    this.#concurrency = options.concurrency ?? 2;
    this.#sweepInterval = options.sweepInterval ?? 1000;
    this.#backoff = options.backoff;
    this.#connection.onLost(() => this.#kick());
  }

  /** Rows this relay has published and removed since it was created. */
  get published(): number {
    return this.#published;
  }

  /**
   * Connects, checks (or with `setup`, declares) the topology, starts listening for commits and the sweep,
   * and publishes what is pending.
   * @throws TopologyMissingError naming what is missing; OperationalError when the broker is down.
   */
  async start(): Promise<void> {
    this.#assertOpen();
    if (this.#started) return;
    await this.#connection.run(this.#setup ? 'declaring the topology' : 'checking the topology', (model) =>
      this.#setup ? declareTopology(model, this.#topology) : checkTopology(model, this.#topology),
    );
    this.#started = true;
    const strategy = this.#strategy;
    this.#unobserve = observeOutboxBacklog(strategy, this.#application);
    this.#unlisten = hasOutboxDispatch(strategy)
      ? strategy.watchOutbox((commit) => this.#onCommit(commit))
      : strategy.onCommit(({ outbox }) => {
          if (outbox.length > 0) this.#kick();
        });
    if (this.#sweepInterval > 0) {
      this.#sweep = setInterval(() => this.#kick(), this.#sweepInterval);
      this.#sweep.unref();
    }
    this.#kick();
  }

  /** Claims soon. Does nothing before `start()` or after `stop()`. */
  #kick(): void {
    if (!this.#started || this.#stopped) return;
    this.#dirty = true;
    this.#pass ??= this.#run().finally(() => {
      this.#pass = undefined;
    });
  }

  /**
   * Publishes everything pending now, retrying through broker outages, and resolves when the outbox holds
   * nothing this relay can claim. Rows that wait behind an older row of their key that another claim holds
   * are claimed once it has let go of that row (for at most `timeout` ms). Works without `start()` (for
   * `annals flush`).
   * @returns how many rows it published
   * @throws OperationalError when publishing kept failing for `timeout` ms
   */
  async flush(options: FlushOptions = {}): Promise<number> {
    this.#assertOpen();
    const { pending: pendingAtStart } = await this.#strategy.outboxBacklog();
    const timeout = options.timeout ?? 30_000;
    let published = 0;
    const claiming = new Set<Promise<unknown>>();
    // Several claims in flight, as in a running relay: one waits for confirms while another reads rows.
    const worker = async (): Promise<void> => {
      let failingSince: number | undefined;
      let blockedSince: number | undefined;
      let attempt = 0;
      for (;;) {
        const claimed = this.#claimOnce({ includeDispatched: true });
        claiming.add(claimed);
        const { claim, error } = await claimed.finally(() => claiming.delete(claimed));
        published += claim.confirmed;
        if (claim.confirmed > 0) options.onProgress?.({ published, pendingAtStart });
        if (error === undefined) {
          failingSince = undefined;
          attempt = 0;
          if (claim.claimed > 0) {
            blockedSince = undefined;
            continue;
          }
          if (claim.blocked === 0) return;
          // Nothing claimable, but rows were held back behind rows that another claim had locked, if only for
          // a moment (a claim that locked rows may end up taking none). Claim again once this flush's other
          // claims have committed, or after a pause, until `timeout` has passed without a row claimed.
          blockedSince ??= Date.now();
          if (Date.now() - blockedSince > timeout) return;
          if (claiming.size > 0) await Promise.allSettled(claiming);
          else await this.#pause(settlePause);
          continue;
        }
        failingSince ??= Date.now();
        if (Date.now() - failingSince > timeout) {
          const last = error instanceof Error ? error.message : JSON.stringify(error);
          throw new OperationalError(`the outbox flush gave up after ${timeout} ms of failures: ${last}`, {
            cause: error,
          });
        }
        await this.#pause(backoffDelay(++attempt, this.#backoff));
      }
    };
    await Promise.all(Array.from({ length: this.#concurrency }, worker));
    return published;
  }

  /** Stops the sweep, lets the claim and the dispatches in progress finish, and closes the connection. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unlisten?.();
    this.#unobserve?.();
    this.#stopping.abort();
    clearInterval(this.#sweep);
    await Promise.all(this.#dispatches);
    await this.#settling;
    await this.#pass;
    await this.#publisher.close();
    await this.#connection.close();
  }

  async #run(): Promise<void> {
    while (this.#dirty && !this.#stopped) {
      this.#dirty = false;
      await Promise.all(Array.from({ length: this.#concurrency }, () => this.#work()));
    }
  }

  /** Claims until nothing is left, backing off while claims or the broker fail. */
  async #work(): Promise<void> {
    let attempt = 0;
    while (!this.#stopped) {
      const { claim, error } = await this.#claimOnce();
      if (claim.blocked > 0) this.#blocked = true;
      if (error === undefined) {
        attempt = 0;
        if (claim.claimed === 0) return;
        continue;
      }
      await this.#pause(backoffDelay(++attempt, this.#backoff));
    }
  }

  /** Sleeps, cut short by `stop()`. */
  async #pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.#stopping.signal }).catch(() => undefined);
  }

  /** A commit of this process: publishes its dispatched rows now, and claims what it left to claims. */
  #onCommit({ dispatched, claimable }: OutboxCommit): void {
    if (claimable > 0) this.#kick();
    if (dispatched.length === 0) return;
    const dispatch = this.#dispatch(dispatched).finally(() => this.#dispatches.delete(dispatch));
    this.#dispatches.add(dispatch);
  }

  async #dispatch(messages: readonly ClaimedOutboxMessage[]): Promise<void> {
    const outcome = await this.#publisher.send(messages);
    if (outcome.error !== undefined) {
      this.#logger.warn(
        { err: outcome.error },
        'some dispatched outbox messages were not confirmed; claims take them',
      );
    }
    const confirmed = new Set(outcome.confirmed);
    this.#settlement.confirmed.push(...outcome.confirmed);
    for (const { sequence } of messages) {
      if (!confirmed.has(sequence)) this.#settlement.unconfirmed.push(sequence);
    }
    this.#settling ??= this.#settle().finally(() => {
      this.#settling = undefined;
    });
  }

  /**
   * Settles the dispatched rows, one statement at a time for all that were confirmed or refused meanwhile,
   * then claims again where rows waited for them. When settling fails the rows stay marked, and claims take
   * them after the storage's dispatch grace: sent twice at worst.
   */
  async #settle(): Promise<void> {
    while (this.#settlement.confirmed.length + this.#settlement.unconfirmed.length > 0) {
      const { confirmed, unconfirmed } = this.#settlement;
      this.#settlement = { confirmed: [], unconfirmed: [] };
      try {
        if (hasOutboxDispatch(this.#strategy)) await this.#strategy.settleOutbox(confirmed, unconfirmed);
        this.#published += confirmed.length;
      } catch (error) {
        this.#logger.warn(
          { err: error },
          'settling dispatched outbox rows failed; claims take them after a grace',
        );
      }
      // Claim again where rows may have waited for these: a claim that found rows blocked, or one running
      // now, whose snapshot may predate this settlement.
      if (unconfirmed.length > 0 || this.#blocked || this.#pass) {
        this.#blocked = false;
        this.#kick();
      }
      // Under load, confirms gather for a moment: one statement settles many saves' rows.
      if (this.#settlement.confirmed.length > 0) await sleep(settlePause);
    }
  }

  async #claimOnce(options?: ClaimOutboxOptions): Promise<{ claim: OutboxClaim; error?: unknown }> {
    let error: unknown;
    const began = Date.now();
    let span: TracedSpan | undefined;
    try {
      const claim = await this.#strategy.claimOutbox(
        this.#batchSize,
        async (messages) => {
          // Begun only once rows were claimed, so that the sweep's empty claims leave no trace.
          span = startSpan('annals.outbox.claim', {
            startTime: began,
            attributes: { 'messaging.system': 'rabbitmq', 'messaging.batch.message_count': messages.length },
          });
          const outcome = await this.#publisher.send(messages);
          if (outcome.error !== undefined) error = outcome.error;
          return outcome.confirmed;
        },
        options,
      );
      span?.setAttributes({
        'annals.outbox.confirmed': claim.confirmed,
        'annals.outbox.blocked': claim.blocked,
      });
      span?.end(error);
      this.#published += claim.confirmed;
      if (error !== undefined) this.#logger.warn({ err: error }, 'some outbox messages were not confirmed');
      return error === undefined ? { claim } : { claim, error };
    } catch (failure) {
      span?.end(failure);
      this.#logger.warn({ err: failure }, 'claiming outbox rows failed');
      return { claim: { claimed: 0, confirmed: 0, blocked: 0 }, error: failure };
    }
  }

  #assertOpen(): void {
    if (this.#stopped) throw new ClosedError('the outbox relay');
  }
}
