import { Projection } from '@annals/core';
import { defineEntity, p } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { MoneyDeposited } from '../../sql/annals/money-deposited.js';

/** The read model's row as a MikroORM entity, in the table `annals_orm_balances`. */
export const Balance = defineEntity({
  name: 'Balance',
  tableName: 'annals_orm_balances',
  properties: {
    accountId: p.string().primary().fieldName('account_id'),
    balance: p.bigint('number'),
    deposits: p.integer(),
    lastPosition: p.bigint('number').fieldName('last_position'),
  },
});

/**
 * The balances projection as a user writes it with entities: each handler finds the account's row and
 * changes it, or creates it; the unit of work flushes the batch's changes when its transaction commits.
 */
export function ormBalances(name: string): Projection<EntityManager> {
  return new Projection<EntityManager>(name).on(MoneyDeposited, async (event, em, { position }) => {
    const row = await em.findOne(Balance, event.originatorId);
    if (row) {
      row.balance += event.payload.amount;
      row.deposits += 1;
      row.lastPosition = position;
    } else {
      em.create(Balance, {
        accountId: event.originatorId,
        balance: event.payload.amount,
        deposits: 1,
        lastPosition: position,
      });
    }
  });
}
