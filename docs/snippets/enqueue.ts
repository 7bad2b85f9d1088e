import { MikroORM } from '@mikro-orm/postgresql';
import { defineEntity, p } from '@mikro-orm/core';
import { annalsEntities, MikroOrmStrategy } from '@annals/mikro-orm';
import { Bank } from './bank.js';

const Invoice = defineEntity({
  name: 'Invoice',
  properties: { id: p.uuid().primary(), amount: p.integer() },
});

const orm = await MikroORM.init({
  clientUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
  entities: [Invoice, ...annalsEntities()],
});
const bank = new Bank({ strategy: new MikroOrmStrategy({ orm, migrate: true }) });

// #region enqueue
await orm.em.transactional(async (em) => {
  const invoice = em.create(Invoice, { id: crypto.randomUUID(), amount: 120 });
  await bank.enqueue({
    exchange: 'billing',
    routingKey: 'invoice.issued',
    orderingKey: invoice.id,
    json: { invoiceId: invoice.id, amount: invoice.amount },
  });
}); // the invoice row and its message commit together, or neither does
// #endregion enqueue
await bank.close();
await orm.close();
