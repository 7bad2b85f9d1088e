import test from 'ava';
import { matchesTopic } from './topic-pattern.js';

test('matches AMQP topic patterns: * is one word, # any number of words', (t) => {
  const cases: [string, string, boolean][] = [
    ['BankAccount.*', 'BankAccount.Opened', true],
    ['BankAccount.*', 'BankAccount.Opened.bank', false],
    ['BankAccount.*', 'BankAccount', false],
    ['BankAccount.#', 'BankAccount', true],
    ['BankAccount.#', 'BankAccount.Opened.bank', true],
    ['#.bank', 'BankAccount.Opened.bank', true],
    ['#', 'anything.at.all', true],
    ['*.Opened', 'BankAccount.Opened', true],
    ['*.Opened', 'Other.Closed', false],
    ['BankAccount.Opened', 'BankAccount.Opened', true],
    ['BankAccount.Opened', 'BankAccount.Opene', false],
    ['a.#.c', 'a.c', true],
    ['a.#.c', 'a.b.b.c', true],
    ['a.#.c', 'a.b.b.d', false],
  ];
  for (const [pattern, topic, expected] of cases)
    t.is(matchesTopic(pattern, topic), expected, `${pattern} ~ ${topic}`);
});
