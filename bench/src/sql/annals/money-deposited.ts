import { DomainEvent } from '@annals/core';
import { DEPOSIT_TOPIC, type Deposit } from '../deposit.js';

export class MoneyDeposited extends DomainEvent<Deposit> {
  static override readonly topic = DEPOSIT_TOPIC;
}
