/**
 * True when `topic` matches the AMQP topic `pattern`: words are separated by dots, `*` stands for exactly
 * one word and `#` for zero or more words.
 *
 * @example
 * ```ts
 * matchesTopic('BankAccount.*', 'BankAccount.Opened');      // true
 * matchesTopic('BankAccount.*', 'BankAccount.Opened.bank'); // false
 * matchesTopic('#.bank', 'BankAccount.Opened.bank');        // true
 * ```
 */
export function matchesTopic(pattern: string, topic: string): boolean {
  return matchWords(pattern.split('.'), 0, topic.split('.'), 0);
}

function matchWords(pattern: readonly string[], p: number, words: readonly string[], w: number): boolean {
  if (p === pattern.length) return w === words.length;
  const word = pattern[p];
  if (word === '#') {
    for (let skip = w; skip <= words.length; skip++) {
      if (matchWords(pattern, p + 1, words, skip)) return true;
    }
    return false;
  }
  if (w === words.length) return false;
  return (word === '*' || word === words[w]) && matchWords(pattern, p + 1, words, w + 1);
}
