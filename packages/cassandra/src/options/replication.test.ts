import test from 'ava';
import { isValidationError } from '@annals/core';
import { parseReplication, replicationCql } from './replication.js';

test('a bare factor is SimpleStrategy, data centre factors are NetworkTopologyStrategy', (t) => {
  t.deepEqual(parseReplication('3'), { class: 'SimpleStrategy', replicationFactor: 3 });
  t.deepEqual(parseReplication(' dc1:3, eu-west.2 : 2 '), {
    class: 'NetworkTopologyStrategy',
    dataCenters: { dc1: 3, 'eu-west.2': 2 },
  });
});

test('malformed replication text is refused', (t) => {
  for (const text of ['', 'three', 'dc1=3', 'dc1:', ':3', 'dc1:3,,dc2:3', '0', "dc'1:3"]) {
    t.throws(() => parseReplication(text), undefined, text);
  }
  t.true(isValidationError(t.throws(() => parseReplication('dc1:0'))));
});

test('the keyspace replication map is written as CQL', (t) => {
  t.is(
    replicationCql({ class: 'SimpleStrategy', replicationFactor: 1 }),
    "{'class': 'SimpleStrategy', 'replication_factor': 1}",
  );
  t.is(
    replicationCql({ class: 'NetworkTopologyStrategy', dataCenters: { dc1: 3, dc2: 2 } }),
    "{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 2}",
  );
});
