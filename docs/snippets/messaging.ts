import { Aggregate, Application, DomainEvent } from '@annals/core';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { defineEntity, p } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Bank as BankBase, BankAccount } from './bank.js';

class Bank extends BankBase {
  async openAccount(owner: string): Promise<string> {
    const account = BankAccount.open(owner);
    await this.save(account);
    return account.id;
  }
}

class Opened extends DomainEvent<Record<string, never>> {
  static override readonly topic = 'Statement.Opened';
}
class Statement extends Aggregate {
  static override readonly topic = 'Statement';
  static override readonly events = [Opened];

  static open(accountId: string): Statement {
    const statement = new Statement(accountId);
    statement.trigger(Opened, {});
    return statement;
  }
  protected override apply(): void {}
}
class Ledger extends Application {
  static override readonly aggregates = [Statement];
}

const Line = defineEntity({
  name: 'Line',
  properties: { id: p.integer().primary().autoincrement(), payload: p.json<Record<string, unknown>>() },
});

const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bank';
const log = { info: (message: string): void => void message };

// #region publishing
import { Messaging } from '@annals/amqp';

const bank = new Bank({ strategy: postgresqlStrategy({ url }) });
const messaging = new Messaging(bank, {
  url: 'amqp://guest:guest@127.0.0.1:5672',
  exchange: 'bank.events',
  publishes: ['BankAccount.*'], // AMQP topic patterns: * is one word, # any number
  service: 'bank', // optional: routing keys become BankAccount.Opened.bank
});
await messaging.start(); // checks the exchange, starts the relay
await bank.openAccount('Ada'); // the event and its outbox row commit together; the relay publishes it
// on shutdown
await messaging.close();
await bank.close();
// #endregion publishing

const orm = await MikroORM.init({ clientUrl: url, entities: [Line] });
const ledger = new Ledger({ strategy: postgresqlStrategy({ url }) });

// #region consuming
const worker = new Messaging(ledger, { exchange: 'bank.events' });
const statements = worker
  .consumer('statements', { from: 'bank', retryDelays: [1000, 10_000, 60_000] })
  .subscribe('BankAccount.Opened', async (message) => {
    await ledger.save(Statement.open(message.body.originatorId)); // joins the handler's transaction
  })
  .subscribe('BankAccount.*', async (message) => {
    orm.em.create(Line, { payload: message.body.payload });
    await orm.em.flush(); // so does your own entity work
  })
  .otherwise(async (message) => log.info(`ignored ${message.topic}`));

await statements.drain(); // everything outstanding, then resolves
// or, in a long-running worker:
void statements.consume(); // until …
await statements.stop(); // … finishes the message in hand
// #endregion consuming
