import test from 'ava';
import { balancesCases } from './balances-cases.js';

balancesCases(test, 'memory');
