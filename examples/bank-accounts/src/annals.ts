import { NotSupportedError } from '@annals/core';
import { defineCli } from '@annals/cli';
import { MikroOrmStrategy } from '@annals/mikro-orm';
import type { Bank } from './domain/index.js';
import { ActivityLog } from './messaging/activity-consumer.js';
import { bankMessaging } from './messaging/bank-messaging.js';
import { openBank } from './open-bank.js';
import { openBalances } from './read-model/open-balances.js';
import { table } from './table.js';

/**
 * The bank for the `annals` command: `annals <command> --app examples/bank-accounts/dist/annals.js` (or
 * `ANNALS_APP=…`). The bank is configured from the environment as the server is (`BANK_PERSISTENCE`,
 * `BANK_POSTGRES_URL`, `BANK_AMQP_URL`, `BANK_AMQP_EXCHANGE`, `BANK_ACTIVITY_QUEUE`, …), so `annals status`,
 * `flush`, `drain bank-activity`, `parked list` and `projections status balances` see what the server and
 * the activity worker use. The CLI checks the broker's topology rather than declaring it: `annals setup`
 * declares it.
 */
export default defineCli<Bank>({
  application: () => openBank(),
  messaging: async (bank) => {
    const { messaging, log } = bankMessaging(bank, { setup: false });
    await log.migrate();
    return messaging;
  },
  projections: (bank) => {
    const balances = openBalances(bank);
    return balances ? [balances.runner] : [];
  },
  commands: [
    {
      name: 'activity',
      summary: 'the account events the bank-activity consumer recorded, oldest first',
      run: async ({ app, output }) => {
        if (!(app.strategy instanceof MikroOrmStrategy)) {
          throw new NotSupportedError('the activity table needs SQL storage');
        }
        const rows = await new ActivityLog(app.strategy).list();
        if (output.json) return rows;
        return `${table(
          ['recorded at', 'account', 'topic', 'amount', 'message id'],
          rows.map((row) => [row.recordedAt, row.accountId, row.topic, row.amount ?? '', row.messageId]),
        )}\n${rows.length} rows`;
      },
    },
  ],
});
