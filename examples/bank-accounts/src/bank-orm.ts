import { MikroOrmStrategy } from '@annals/mikro-orm';
import type { MikroORM } from '@mikro-orm/core';
import type { Bank } from './domain/index.js';

/**
 * The ORM of the SQL database the bank stores its events in, for the bank's own tables and request contexts:
 * the one its `MikroOrmStrategy` stores through, so that their writes share the events' transactions.
 * `undefined` when the bank stores its events elsewhere (Cassandra, memory).
 */
export function bankOrm(bank: Bank): MikroORM | undefined {
  return bank.strategy instanceof MikroOrmStrategy ? bank.strategy.orm : undefined;
}
