import test from 'ava';
import { cassandraStrategy } from '@annals/cassandra';
import { dropKeyspace, newKeyspaceName, testContactPoints } from '@annals/cassandra/testing';
import { strategyContract } from '@annals/testing';

const keyspace = newKeyspaceName();
test.after.always(() => dropKeyspace(keyspace));

strategyContract(test, {
  create: async () => cassandraStrategy({ contactPoints: testContactPoints, keyspace, migrate: true }),
  lacks: ['outbox-dispatch', 'transactions', 'log-watch'],
  writers: 16,
});
