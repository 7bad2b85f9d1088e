import { System } from '@annals/core';
import { Bank } from '../domain/bank.js';
import { Transfers } from '../transfers/transfers.js';

/** The bank's applications and who follows whom: the bank follows the transfers, which follow the bank. */
export const bankSystem = new System([[Transfers, Bank, Transfers]]);
