import test from 'ava';
import { InMemoryStrategy } from '@annals/core';
import { strategyContract } from './strategy-contract.js';

strategyContract(test, { create: async () => new InMemoryStrategy(), lacks: ['outbox-dispatch'] });
