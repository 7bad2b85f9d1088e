import type { Lease, Logger } from '@annals/core';
import { writeIdempotently } from '../internal/conditional-write.js';
import { convertError } from '../internal/convert-error.js';
import type { Session } from '../internal/session.js';
import type { LeaseStatements } from './lease-statements.js';

/** What a {@link CassandraLease} needs: the lease's row and how to keep it. */
export interface CassandraLeaseOptions {
  readonly name: string;
  /** The id written in the lease's row while this lease holds it. */
  readonly holder: string;
  readonly session: Session;
  readonly cql: LeaseStatements;
  /** The row's time to live, in seconds. */
  readonly ttl: number;
  readonly logger: Logger;
}

/**
 * A lease row written with a time to live and renewed by compare-and-set on its holder three times per
 * lifetime. Cassandra counts a TTL in whole seconds from the second the write lands in, so a row written
 * with a TTL of `ttl` lives at least `ttl − 1` seconds: that is the lifetime renewals are timed by. The
 * lease is lost (its signal aborts) when a renewal finds another holder, or when renewals have failed for a
 * lifetime: another process may hold it by then.
 */
export class CassandraLease implements Lease {
  readonly name: string;
  readonly #options: CassandraLeaseOptions;
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #lifetime: number;
  #renewedAt = Date.now();
  #renewing = false;
  #released: Promise<void> | undefined;

  constructor(options: CassandraLeaseOptions) {
    this.name = options.name;
    this.#options = options;
    this.#lifetime = (options.ttl - 1) * 1000;
    this.#timer = setInterval(() => void this.#renew(), this.#lifetime / 3);
    this.#timer.unref();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  release(): Promise<void> {
    this.#released ??= (async () => {
      this.#lose();
      const { session, cql, name, holder } = this.#options;
      try {
        await writeIdempotently(`releasing lease ${name}`, () =>
          session.write(cql.deleteLease, [name, holder]),
        );
      } catch (error) {
        throw convertError(error, session.options.contactPoints);
      }
    })();
    return this.#released;
  }

  async #renew(): Promise<void> {
    if (this.#renewing || this.signal.aborted) return;
    this.#renewing = true;
    const { session, cql, name, holder, ttl, logger } = this.#options;
    const startedAt = Date.now();
    try {
      const result = await session.write(cql.renewLease, [ttl, holder, name, holder]);
      if (result.first().get('[applied]') === true) {
        this.#renewedAt = startedAt;
      } else {
        logger.warn({ lease: name }, 'a lease was taken by another process');
        this.#lose();
      }
    } catch (error) {
      logger.warn({ lease: name, err: error }, 'a lease could not be renewed');
      if (Date.now() - this.#renewedAt >= this.#lifetime) this.#lose();
    } finally {
      this.#renewing = false;
    }
  }

  #lose(): void {
    clearInterval(this.#timer);
    this.#controller.abort();
  }
}
