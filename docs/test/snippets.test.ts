import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';

const root = new URL('../../../', import.meta.url);
const pages = [
  'README.md',
  ...readdirSync(new URL('docs/', root))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const marker = /<!-- snippet: ([^\s#]+)(?:#(\S+))? -->\s*```ts\n([\s\S]*?)\n```/g;

/** The text of a file, or of the region `// #region NAME` … `// #endregion NAME` in it. */
function excerptSource(path: string, region: string | undefined): string {
  const text = readFileSync(new URL(path, root), 'utf8');
  if (region === undefined) return text;
  const start = text.indexOf(`// #region ${region}\n`);
  const end = text.indexOf(`// #endregion ${region}`);
  if (start === -1 || end === -1) throw new Error(`${path} has no region ${region}`);
  return text.slice(start + `// #region ${region}\n`.length, end);
}

for (const page of pages) {
  const snippets = [...readFileSync(new URL(page, root), 'utf8').matchAll(marker)];
  if (snippets.length === 0) continue;
  test(`every snippet of ${page} is an excerpt of the type-checked file it names`, (t) => {
    for (const [, path = '', region, code = ''] of snippets) {
      const source = excerptSource(path, region);
      t.true(source.includes(code), `${path}${region ? `#${region}` : ''} no longer contains:\n${code}`);
    }
  });
}
