import { annalsEntities, annalsTableNames, MikroOrmStrategy } from '@annals/mikro-orm';
import { defineEntity, p } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Bank, BankAccount } from './bank.js';

const Balance = defineEntity({
  name: 'Balance',
  properties: { accountId: p.uuid().primary(), cents: p.integer() },
});
const clientUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bank';

// #region entities
const orm = await MikroORM.init({
  clientUrl,
  entities: [Balance, ...annalsEntities()],
  schemaGenerator: { skipTables: annalsTableNames() },
});
const bank = new Bank({ strategy: new MikroOrmStrategy({ orm }) });
// #endregion entities
const account = BankAccount.open('Ada');

// #region transaction
await orm.em.transactional(async (em) => {
  await bank.save(account); // joins the transaction
  em.create(Balance, { accountId: account.id, cents: account.balance });
}); // one COMMIT; an exception rolls back both
// #endregion transaction
