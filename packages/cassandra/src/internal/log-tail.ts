import { writeIdempotently } from './conditional-write.js';
import { lastPosition } from './log-pages.js';
import { numberColumn } from './rows.js';
import type { Session } from './session.js';

/** Where appends go: the page no append has sealed yet, and its head as last seen. */
export interface Tail {
  readonly page: number;
  /** The highest position given out in the page; `null` while none is. */
  readonly head: number | null;
}

/** The metadata row naming a page every page before which is sealed: where the search for the tail starts. */
const TAIL_HINT = 'log_tail';

/**
 * This process's idea of the log's tail. It is a guess, corrected by every conditional write that fails on a
 * page's head; a page is taken as the tail only once the page before it was seen sealed (or itself seen
 * written), so every page before the one an append writes is sealed and never changes again.
 */
export class LogTail {
  readonly #session: Session;
  #tail: Tail | undefined;
  /** The work holding the tail now, which the next waits for. */
  #holder: Promise<unknown> = Promise.resolve();

  constructor(session: Session) {
    this.#session = session;
  }

  /** The tail as last seen, found on first use from the hint in the metadata table. */
  async current(): Promise<Tail> {
    this.#tail ??= await this.find();
    return this.#tail;
  }

  /**
   * Runs `work` once the work ahead of it in this process has ended: this process's conditional writes on
   * the tail go one at a time.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#holder.then(work);
    this.#holder = result.catch(() => undefined);
    return result;
  }

  /** Remembers what a write or read showed of the tail. */
  saw(tail: Tail): void {
    if (!this.#tail || tail.page > this.#tail.page || (tail.page === this.#tail.page && tail.head !== null)) {
      this.#tail = tail;
    }
  }

  /** Reads the tail: from the hinted page on, the first page not sealed. */
  async find(): Promise<Tail> {
    const { cql } = this.#session;
    const hint: unknown = (await this.#session.read(cql.selectMetadata, [TAIL_HINT])).first()?.get('value');
    let page = typeof hint === 'string' ? Number(hint) : 0;
    for (;;) {
      const head = await this.readHead(page);
      if (head !== lastPosition(page, this.#session.options.bucketSize)) {
        this.#tail = { page, head };
        return this.#tail;
      }
      page += 1;
    }
  }

  /** A page's head, read at the write consistency. */
  async readHead(page: number): Promise<number | null> {
    const rows = await this.#session.read(this.#session.cql.selectPageHead, [page]);
    return numberColumn(rows.first(), 'head');
  }

  /**
   * Seals a page whose head is `head` (no later append goes there) and moves on to the next; when another
   * append moved the head first, the tail stays and the new head is returned.
   */
  async seal(page: number, head: number | null): Promise<Tail> {
    const { cql, options } = this.#session;
    const last = lastPosition(page, options.bucketSize);
    if (head !== last) {
      const result = await writeIdempotently(`sealing page ${page} of the log`, () =>
        this.#session.write(cql.advanceHead, [last, page, head]),
      );
      const row = result.first();
      const now = row.get('[applied]') === true ? last : numberColumn(row, 'head');
      if (now !== last) {
        this.#tail = { page, head: now };
        return this.#tail;
      }
    }
    await writeIdempotently('recording the tail of the log', () =>
      this.#session.write(cql.updateMetadata, [String(page + 1), TAIL_HINT]),
    );
    options.logger.debug({ page }, 'sealed a page of the log');
    this.#tail = { page: page + 1, head: null };
    return this.#tail;
  }
}
