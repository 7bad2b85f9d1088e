import type { EventMessage } from '@annals/amqp';
import { Bank as BankBase } from '../../bank.js';

export class Bank extends BankBase {
  readonly statements: EventMessage[] = [];

  recordStatement(message: EventMessage): void {
    this.statements.push(message);
  }

  async closeDormant(): Promise<number> {
    return 0;
  }
}
