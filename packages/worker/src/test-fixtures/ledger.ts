import { randomUUID } from 'node:crypto';
import { Aggregate, Application, DomainEvent } from '@annals/core';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';

export class Posted extends DomainEvent<{ entry: string }> {
  static override readonly topic = 'Entry.Posted';
}

/** The effect a queued job has: one entry, posted once. */
export class Entry extends Aggregate {
  static override readonly topic = 'Entry';
  static override readonly events = [Posted];

  static post(entry: string): Entry {
    const posted = new Entry();
    posted.trigger(Posted, { entry });
    return posted;
  }

  protected override apply(): void {}
}

/** Stores the entries jobs post, in PostgreSQL; knows which instance it is and tells when it closes. */
export class Ledger extends Application {
  static override readonly aggregates = [Entry];
  readonly instance = randomUUID();

  constructor(
    url: string,
    private readonly onClose: () => void = () => undefined,
  ) {
    super({ strategy: postgresqlStrategy({ url, poolSize: 2, relayPoolSize: 1 }), env: {} });
  }

  override async close(): Promise<void> {
    await super.close();
    this.onClose();
  }

  /** How many times `entry` was posted. */
  async postings(entry: string): Promise<number> {
    let count = 0;
    for await (const notification of this.notificationLog.iterate({ topics: [Posted.topic] })) {
      const event = this.notificationLog.decode(notification) as Posted;
      if (event.payload.entry === entry) count++;
    }
    return count;
  }
}
