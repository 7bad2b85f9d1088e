import type { MikroOrmStrategy } from '@annals/mikro-orm';
import { balances } from '../model/balances.js';
import type { Acknowledgements } from './acknowledgements.js';
import { until } from './until.js';
import { query } from './sql.js';

/** How far every process has got. */
interface Snapshot {
  /** Acknowledged saves, by writer. */
  readonly saves: ReadonlyMap<string, number>;
  /** Effect rows the consumer committed. */
  readonly effects: number;
  /** The projection's checkpoint. */
  readonly projected: number;
}

/** Options of the waits of {@link Progress}. */
export interface ProgressOptions {
  readonly timeout: number;
  /** Throws when a process has died. */
  readonly check: () => void;
}

/** Watches the processes get on, through the suite's own (superuser) strategy on their database. */
export class Progress {
  readonly #strategy: MikroOrmStrategy;
  readonly #acknowledgements: Acknowledgements;

  constructor(strategy: MikroOrmStrategy, acknowledgements: Acknowledgements) {
    this.#strategy = strategy;
    this.#acknowledgements = acknowledgements;
  }

  /**
   * Waits until every writer has had `steps` more saves acknowledged, the consumer has committed `steps` more
   * effects and the projection has moved `steps` positions on: each process recovered from what came before.
   */
  async made(steps: number, what: string, options: ProgressOptions): Promise<void> {
    const before = await until(`reading the progress ${what}`, () => this.#snapshot(), options);
    const lagging = (now: Snapshot): string[] => [
      ...[...before.saves]
        .filter(([name, saves]) => (now.saves.get(name) ?? 0) < saves + steps)
        .map(([name]) => name),
      ...(now.effects < before.effects + steps ? ['the consumer'] : []),
      ...(now.projected < before.projected + steps ? ['the projector'] : []),
    ];
    let last: string[] = [];
    await until(
      `every process getting on ${what}`,
      async () => {
        last = lagging(await this.#snapshot());
        return last.length === 0;
      },
      options,
    ).catch((error: unknown) => {
      throw new Error(`${messageOf(error)}; still lagging: ${last.join(', ')}`);
    });
  }

  /** Waits until the outbox is empty, every event has its effect and the projection is at the head. */
  async drained(options: ProgressOptions): Promise<void> {
    let last = '';
    await until(
      'every announced event delivered and projected',
      async () => {
        const [{ pending }, head, { effects, projected }] = await Promise.all([
          this.#strategy.outboxBacklog(),
          this.#strategy.maxNotificationPosition(),
          this.#snapshot(),
        ]);
        const [counts] = await query<{ events: string; delivered: string }>(
          this.#strategy,
          'SELECT (SELECT count(*) FROM annals_events) AS events, ' +
            '(SELECT count(DISTINCT message_id) FROM effects) AS delivered',
        );
        const [events, delivered] = [Number(counts?.events), Number(counts?.delivered)];
        last = `outbox ${pending}, events ${events}, delivered ${delivered} (${effects} effects), projected ${projected} of ${head}`;
        return pending === 0 && delivered >= events && projected >= head;
      },
      options,
    ).catch((error: unknown) => {
      throw new Error(`${messageOf(error)}; last seen: ${last}`);
    });
  }

  async #snapshot(): Promise<Snapshot> {
    const [[effects], checkpoints] = await Promise.all([
      query<{ count: string }>(this.#strategy, 'SELECT count(*) AS count FROM effects'),
      this.#strategy.checkpoints(balances.name),
    ]);
    return {
      saves: new Map(this.#acknowledgements.saves),
      effects: Number(effects?.count ?? 0),
      projected:
        checkpoints.length === 0 ? 0 : Math.min(...checkpoints.map((checkpoint) => checkpoint.position)),
    };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
