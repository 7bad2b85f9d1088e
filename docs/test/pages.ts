import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The pages whose code and links the tests check: the README and every guide. */
export const pages: readonly string[] = [
  'README.md',
  ...readdirSync(`${root}docs`)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

/**
 * A fenced code block of a page. `marker` is the HTML comment on the line before it, if any:
 * `snippet: PATH#REGION` for an excerpt of a type-checked file, `sketch` for code that is not meant to compile.
 */
export interface CodeBlock {
  readonly page: string;
  /** The line of the opening fence, 1-based. */
  readonly line: number;
  readonly language: string;
  readonly marker: string | undefined;
  readonly code: string;
}

const fence = /(?:^<!-- (.+?) -->\n\n?)?^```([\w-]*)\n([\s\S]*?)\n?^```$/gm;

/** Every fenced code block of a page. */
export function codeBlocks(page: string): CodeBlock[] {
  const text = readFileSync(`${root}${page}`, 'utf8');
  return [...text.matchAll(fence)].map((match) => {
    const [whole, marker, language = '', code = ''] = match;
    const opening = match.index + whole.indexOf('```');
    return { page, line: text.slice(0, opening).split('\n').length, language, marker, code };
  });
}

/** Languages that mean TypeScript or JavaScript: blocks in them must be ```ts, so that the tests see them. */
export const scriptLanguages = new Set(['ts', 'typescript', 'tsx', 'js', 'javascript', 'jsx', 'mjs', 'cjs']);
