import type { DomainEvent, OutboxMessage, PersistencePolicy } from '@annals/core';
import { Bank } from './bank.js';

// #region audit-policy
/** Announces every large deposit to the audit service, in the same atomic append as the deposit. */
class LargeDepositAudit implements PersistencePolicy {
  outboxMessages(events: readonly DomainEvent[]): OutboxMessage[] {
    return events
      .filter((event) => event.topic === 'BankAccount.Deposited')
      .filter((event) => (event.payload as { amount: number }).amount >= 10_000)
      .map((event) => ({
        id: `audit:${event.originatorId}:${event.originatorVersion}`,
        orderingKey: event.originatorId,
        exchange: 'audit',
        routingKey: 'deposit.large',
        contentType: 'application/json',
        body: Buffer.from(JSON.stringify(event.payload)),
        event: { originatorId: event.originatorId, originatorVersion: event.originatorVersion },
      }));
  }
}

const bank = new Bank();
bank.addPolicy(new LargeDepositAudit());
// #endregion audit-policy
await bank.close();
