import test from 'ava';
import { readFileSync } from 'node:fs';
import { codeBlocks, pages, root } from './pages.js';

const snippetMarker = /^snippet: ([^\s#]+)(?:#(\S+))?$/;

/** Folders whose `.ts` files a build type-checks: the guides' own code and the example's. */
const typeChecked = /^(docs\/snippets|examples\/[\w-]+\/src)\/.+\.ts$/;

/** The text of a file, or of the region `// #region NAME` … `// #endregion NAME` in it. */
function excerptSource(path: string, region: string | undefined): string {
  const text = readFileSync(`${root}${path}`, 'utf8');
  if (region === undefined) return text;
  const start = text.indexOf(`// #region ${region}\n`);
  const end = text.indexOf(`// #endregion ${region}`);
  if (start === -1 || end === -1) throw new Error(`${path} has no region ${region}`);
  return text.slice(start + `// #region ${region}\n`.length, end);
}

for (const page of pages) {
  const snippets = codeBlocks(page).filter((block) => block.marker?.startsWith('snippet:'));
  if (snippets.length === 0) continue;
  test(`every snippet of ${page} is an excerpt of the type-checked file it names`, (t) => {
    for (const { line, marker = '', code } of snippets) {
      const [, path = '', region] = snippetMarker.exec(marker) ?? [];
      t.regex(path, typeChecked, `${page}:${line} quotes ${path}, which no build type-checks`);
      const source = excerptSource(path, region);
      t.true(source.includes(code), `${path}${region ? `#${region}` : ''} no longer contains:\n${code}`);
    }
  });
}
