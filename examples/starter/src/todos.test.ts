import test from 'ava';
import { isRecordConflictError } from '@annals/core';
import { useApplication } from '@annals/testing';
import { Todos } from './todos.js';

// Each test gets its own application on fresh, empty storage.
const todos = useApplication(test, ({ strategy }) => new Todos({ strategy }));

test('a list is rebuilt from its events', async (t) => {
  const { id } = await todos(t).start('Groceries');
  await todos(t).add(id, 'milk');
  await todos(t).add(id, 'bread');
  await todos(t).complete(id, 1);
  const list = await todos(t).list(id);
  t.is(list.title, 'Groceries');
  t.deepEqual(list.items, [
    { text: 'milk', done: false },
    { text: 'bread', done: true },
  ]);
  t.is(list.version, 4);
});

test('two changes made to the same version of a list: the second save conflicts', async (t) => {
  const { id } = await todos(t).start('Groceries');
  const [first, second] = await Promise.all([todos(t).list(id), todos(t).list(id)]);
  first.add('milk');
  second.add('bread');
  await todos(t).save(first);
  t.true(isRecordConflictError(await t.throwsAsync(todos(t).save(second))));
});
