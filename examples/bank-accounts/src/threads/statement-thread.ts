import { getApplication, initApplication } from '@annals/lifecycle';
import { defineJobWorker, runInThread } from '@annals/worker';
import { moneyMoved, type Bank } from '../domain/index.js';
import { openBank } from '../open-bank.js';

/** One line of an account statement. */
export interface StatementLine {
  readonly version: number;
  readonly topic: string;
  /** Money into (positive) or out of (negative) the account. */
  readonly amount: number;
  readonly balance: number;
}

// A worker thread is an isolate of its own: it constructs its own application (and storage connection)
// before its first job, and closes it when the pool closes.
runInThread(
  defineJobWorker({
    init: () => initApplication(() => openBank()),
    handle: async (accountId: string): Promise<StatementLine[]> => {
      const bank = getApplication<Bank>();
      const lines: StatementLine[] = [];
      let balance = 0;
      for await (const event of bank.eventStore.stream(accountId)) {
        const amount = moneyMoved(event.topic, event.payload) ?? 0;
        balance += amount;
        lines.push({ version: event.originatorVersion, topic: event.topic, amount, balance });
      }
      return lines;
    },
  }),
);
