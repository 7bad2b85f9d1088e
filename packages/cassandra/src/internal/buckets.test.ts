import test from 'ava';
import { bucketOf, isSealed } from './buckets.js';

test('versions 1..S are bucket 0, S+1..2S bucket 1', (t) => {
  t.deepEqual(
    [1, 9, 10, 11, 20, 21].map((v) => bucketOf(v, 10)),
    [0, 0, 0, 1, 1, 2],
  );
  t.deepEqual(
    [1, 2, 3].map((v) => bucketOf(v, 1)),
    [0, 1, 2],
  );
});

test('a bucket is sealed once its head reaches the end of its range, overflow included', (t) => {
  t.false(isSealed(0, 9, 10));
  t.true(isSealed(0, 10, 10));
  t.true(isSealed(0, 15, 10));
  t.false(isSealed(1, 19, 10));
  t.true(isSealed(1, 20, 10));
});
