import { Application } from '@annals/core';
import { BankAccount } from './bank-account.js';

export class Bank extends Application {
  static override readonly aggregates = [BankAccount];
}
