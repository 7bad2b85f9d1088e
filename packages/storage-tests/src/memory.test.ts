import test from 'ava';
import { InMemoryStrategy } from '@annals/core';
import { strategyContract } from '@annals/testing';

strategyContract(test, {
  create: async () => new InMemoryStrategy(),
  lacks: ['outbox-dispatch', 'migrations', 'log-watch'],
});
