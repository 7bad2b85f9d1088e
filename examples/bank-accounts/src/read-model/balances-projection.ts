import { Projection, type DomainEvent, type ProjectionHandler } from '@annals/core';
import type { EntityManager } from '@mikro-orm/sql';
import {
  AccountClosed,
  AccountOpened,
  MoneyDeposited,
  MoneyReceived,
  MoneyReturned,
  MoneySent,
  MoneyWithdrawn,
  moneyMoved,
  TransferRefused,
} from '../domain/index.js';
import { BalanceTable } from './balance-table.js';

/** Moves the account's row by the money the event moved; events that move none still advance its version. */
const move: ProjectionHandler<DomainEvent, EntityManager> = (event, em, { generation }) =>
  new BalanceTable(em, generation).move(
    event.originatorId,
    moneyMoved(event.topic, event.payload) ?? 0,
    event.originatorVersion,
  );

/**
 * The balances read model: one row per account, in a table per generation. A rebuild writes the next
 * generation's table while the served one keeps answering, then drops the old table.
 */
export const balancesProjection = new Projection<EntityManager>('balances')
  .setUp((em, generation) => new BalanceTable(em, generation).create())
  .tearDown((em, generation) => new BalanceTable(em, generation).drop())
  .on(AccountOpened, (event, em, { generation }) =>
    new BalanceTable(em, generation).open(event.originatorId, event.payload.owner, event.originatorVersion),
  )
  .on(MoneyDeposited, move)
  .on(MoneyWithdrawn, move)
  .on(MoneySent, move)
  .on(MoneyReceived, move)
  .on(MoneyReturned, move)
  .on(TransferRefused, move)
  .on(AccountClosed, move);
