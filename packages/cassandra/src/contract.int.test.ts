import test from 'ava';
import { strategyContract } from '@annals/testing';
import { cassandraStrategy } from './strategy/index.js';
import { dropKeyspace, newKeyspaceName, testContactPoints } from './testing/index.js';

const keyspace = newKeyspaceName();
test.after.always(() => dropKeyspace(keyspace));

strategyContract(test, {
  create: async () => cassandraStrategy({ contactPoints: testContactPoints, keyspace, migrate: true }),
  lacks: ['notification-log', 'tracking', 'outbox', 'outbox-dispatch', 'multi-aggregate-append'],
  writers: 16,
});
