import test from 'ava';
import { Account, Accounts } from '../fixtures/accounts.js';
import { pendingOutbox } from '../fixtures/pending-outbox.js';
import { userDatabase, type UserDatabaseKind } from '../fixtures/user-database.js';
import { Messaging } from '../messaging/index.js';
import { deleteTopology, tapExchange, testBrokerUrl, uniqueName } from '../testing/index.js';

// The after-commit path: a save that joined the user's MikroORM transaction is announced, on the bus and by
// the relay, once that transaction commits, and never when it rolls back.

const onlyCommitted = test.macro({
  title: (_, kind: UserDatabaseKind) =>
    `${kind}: the bus and the relay never hear of a rolled-back user transaction’s save, and hear of a committed one once`,
  exec: async (t, kind: UserDatabaseKind) => {
    const { orm, strategy } = await userDatabase(t, kind);
    const app = new Accounts({ strategy, env: {} });
    const exchange = uniqueName('after-commit');
    const messaging = new Messaging(app, {
      url: testBrokerUrl,
      exchange,
      publishes: ['Account.*'],
      setup: true,
    });
    const tap = await tapExchange(exchange);
    t.teardown(async () => {
      await tap.close();
      await messaging.close();
      await app.close();
      await deleteTopology(messaging.topology());
    });
    await messaging.start();
    const heard: string[] = [];
    app.bus.subscribe((recordings) => {
      for (const { event } of recordings) heard.push(`${event.originatorId}:${event.originatorVersion}`);
    });

    const rolledBack = Account.open('never');
    await t.throwsAsync(
      orm.em.transactional(async () => {
        await app.save(rolledBack);
        throw new Error('the user transaction fails');
      }),
      { message: 'the user transaction fails' },
    );
    const committed = Account.open('ada');
    await orm.em.transactional(async () => {
      await app.save(committed);
      t.deepEqual(heard, [], 'nothing is announced before the commit');
    });

    await tap.waitFor(1);
    await messaging.relay?.stop();
    const published = await tap.caughtUp();
    t.deepEqual(
      published.map((message) => String(message.properties.messageId)),
      [`${committed.id}:1`],
    );
    t.is(await pendingOutbox(strategy), 0, 'the rolled-back save left no outbox row');
    await app.close(); // waits for the bus to finish announcing
    t.deepEqual(heard, [`${committed.id}:1`]);
  },
});

for (const kind of ['PostgreSQL', 'SQLite'] as const) test(onlyCommitted, kind);
