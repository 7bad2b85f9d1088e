import type { MikroOrmStrategy } from '@annals/mikro-orm';
import { Deposited, eventId, type Accounts } from '../model/accounts.js';
import { balances, balancesTable } from '../model/balances.js';
import { query } from './sql.js';

/** What the database holds at the end of a run. */
export interface StoredCounts {
  readonly eventsInLog: number;
  /** Events whose message the consumer processed: the distinct message ids with an effect. */
  readonly messagesDelivered: number;
  /** Rows the consumer's handler wrote: more than `messagesDelivered` when an effect happened twice. */
  readonly effects: number;
  readonly projectionRows: number;
}

/** The counts of a run, and every way in which the stores break a guarantee. */
export interface Verdict {
  readonly counts: StoredCounts;
  readonly problems: readonly string[];
}

interface Balance {
  balance: number;
  applied: number;
}

/**
 * Reads the whole log and holds the stores against it: every acknowledged event is in the log; every event
 * in the log has exactly one effect, and no effect is of an event outside it; the projection equals the fold
 * of the log (per account, the sum of the deposits and the number of events).
 */
export async function verdict(
  app: Accounts,
  strategy: MikroOrmStrategy,
  acknowledged: ReadonlySet<string>,
): Promise<Verdict> {
  const problems: string[] = [];
  const inLog = new Set<string>();
  const fold = new Map<string, Balance>();
  for await (const notification of app.notificationLog.iterate({ pageSize: 2000 })) {
    const event = app.notificationLog.decode(notification);
    inLog.add(eventId(event));
    const account = fold.get(event.originatorId) ?? { balance: 0, applied: 0 };
    account.applied += 1;
    if (event instanceof Deposited) account.balance += event.payload.amount;
    fold.set(event.originatorId, account);
  }
  const lost = [...acknowledged].filter((id) => !inLog.has(id));
  if (lost.length > 0)
    problems.push(`${lost.length} acknowledged events are not in the log, e.g. ${lost[0]}`);

  const effects = await query<{ message_id: string; times: string }>(
    strategy,
    'SELECT message_id, count(*) AS times FROM effects GROUP BY message_id',
  );
  const times = new Map(effects.map((row) => [row.message_id, Number(row.times)]));
  const undelivered = [...inLog].filter((id) => !times.has(id));
  const twice = [...times].filter(([, count]) => count > 1);
  const phantom = [...times.keys()].filter((id) => !inLog.has(id));
  if (undelivered.length > 0) {
    problems.push(`${undelivered.length} events in the log have no effect, e.g. ${undelivered[0]}`);
  }
  if (twice.length > 0)
    problems.push(`${twice.length} messages had their effect more than once, e.g. ${twice[0]?.[0]}`);
  if (phantom.length > 0)
    problems.push(`${phantom.length} effects are of events not in the log, e.g. ${phantom[0]}`);

  const [record] = (await strategy.projections()).filter((projection) => projection.name === balances.name);
  const rows = record
    ? await query<{ account_id: string; balance: string; applied: number }>(
        strategy,
        `SELECT account_id, balance, applied FROM ${balancesTable(record.generation)}`,
      )
    : [];
  const projected = new Map(
    rows.map((row) => [row.account_id, { balance: Number(row.balance), applied: row.applied }]),
  );
  const wrong = [...fold].filter(([id, expected]) => {
    const actual = projected.get(id);
    return actual?.balance !== expected.balance || actual.applied !== expected.applied;
  });
  const extra = [...projected.keys()].filter((id) => !fold.has(id));
  if (wrong.length > 0) {
    const [id, expected] = wrong[0] ?? [];
    problems.push(
      `${wrong.length} accounts are projected otherwise than the log folds, e.g. ${id}: ` +
        `${JSON.stringify(projected.get(id ?? ''))} instead of ${JSON.stringify(expected)}`,
    );
  }
  if (extra.length > 0)
    problems.push(`${extra.length} projected accounts are not in the log, e.g. ${extra[0]}`);

  const counts = {
    eventsInLog: inLog.size,
    messagesDelivered: times.size,
    effects: effects.reduce((sum, row) => sum + Number(row.times), 0),
    projectionRows: rows.length,
  };
  return { counts, problems };
}
