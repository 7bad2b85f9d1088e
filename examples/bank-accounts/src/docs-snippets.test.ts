import test from 'ava';
import { readFileSync } from 'node:fs';

const root = new URL('../../../', import.meta.url);
const guide = readFileSync(new URL('docs/deployment.md', root), 'utf8');
const snippets = [...guide.matchAll(/<!-- snippet: (\S+) -->\s*```ts\n([\s\S]*?)\n```/g)];

test('every snippet of docs/deployment.md is an excerpt of the file it names', (t) => {
  t.true(snippets.length >= 8, `found ${snippets.length} snippets`);
  for (const [, path = '', code = ''] of snippets) {
    t.true(readFileSync(new URL(path, root), 'utf8').includes(code), `${path} no longer contains:\n${code}`);
  }
});
