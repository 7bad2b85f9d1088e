import test from 'ava';
import { ValidationError } from '@annals/core';
import { specify } from '@annals/testing';
import { ItemAdded, ItemCompleted, ListStarted } from './events.js';
import { TodoList } from './todo-list.js';

test('starting a list', (t) => {
  specify(t, TodoList)
    .when(() => TodoList.start('Groceries'))
    .then(ListStarted, { title: 'Groceries' });
});

test('completing an item', (t) => {
  const list = specify(t, TodoList)
    .given(ListStarted, { title: 'Groceries' })
    .given(ItemAdded, { text: 'milk' })
    .when((list) => list.complete(0))
    .then(ItemCompleted, { index: 0 });
  t.deepEqual(list.items, [{ text: 'milk', done: true }]);
});

test('an item is completed only once', (t) => {
  specify(t, TodoList)
    .given(ListStarted, { title: 'Groceries' })
    .given(ItemAdded, { text: 'milk' })
    .given(ItemCompleted, { index: 0 })
    .when((list) => list.complete(0))
    .thenThrows({ instanceOf: ValidationError, message: 'item 0 is done already' });
});
