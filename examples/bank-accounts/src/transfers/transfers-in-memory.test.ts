import test from 'ava';
import { transferCases } from './transfer-cases.js';

transferCases(test, 'memory');
