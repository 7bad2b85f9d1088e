import test from 'ava';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { root } from './pages.js';

const run = promisify(execFile);

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `./dev` with `args`; none of the calls here installs or builds anything. */
async function dev(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(`${root}dev`, args);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

/** The `name` of every suite bench/src/suites.ts registers, read from the file that defines each. */
function benchSuites(): string[] {
  const registry = readFileSync(`${root}bench/src/suites.ts`, 'utf8');
  const registered = [...registry.matchAll(/import \{ (\w+Suite) \} from '\.\/([\w-]+)\/index\.js'/g)];
  return registered.map(([, suite = '', folder = '']) => {
    const folderPath = `${root}bench/src/${folder}`;
    const source = readdirSync(folderPath)
      .filter((file) => file.endsWith('.ts'))
      .map((file) => readFileSync(`${folderPath}/${file}`, 'utf8'))
      .find((text) => text.includes(`export const ${suite}: Suite = {`));
    const name =
      source && /\n {2}name: '([^']+)',/.exec(source.slice(source.indexOf(`export const ${suite}`)));
    if (!name?.[1]) throw new Error(`no name found for ${suite} in bench/src/${folder}`);
    return name[1];
  });
}

test('./dev help lists every verb with its options, and every benchmark suite', async (t) => {
  const help = await dev('help');
  t.is(help.code, 0);
  for (const verb of [
    'demo',
    'test',
    'build',
    'docs',
    'services',
    'annals',
    'bench',
    'lint',
    'format',
    'pnpm',
  ]) {
    t.regex(help.stdout, new RegExp(`^ {2}${verb}\\b`, 'm'), `./dev help lists ${verb}`);
  }
  t.regex(help.stdout, /demo \[--serve\] \[--port PORT\] \[--data DIR\]/);
  t.regex(help.stdout, /bench SUITE \[--quick\]/);
  for (const suite of benchSuites()) t.regex(help.stdout, new RegExp(`suites: .*\\b${suite}\\b`));
});

test('--help prints the usage of every verb and exits 0, without a stack trace', async (t) => {
  const verbs = [...(await dev('help')).stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map(([, verb = '']) => verb);
  for (const verb of new Set(verbs)) {
    const help = await dev(verb, '--help');
    t.is(help.code, 0, `./dev ${verb} --help`);
    t.regex(help.stdout, new RegExp(`^ {2}${verb}\\b`), `./dev ${verb} --help`);
    t.is(help.stderr, '', `./dev ${verb} --help`);
  }
});

test('an unknown verb or option is refused in one line, with exit status 2', async (t) => {
  for (const args of [
    ['nope'],
    ['demo', '--nope'],
    ['bench', 'nope'],
    ['docs', 'extra'],
    ['services', 'frob'],
  ]) {
    const refused = await dev(...args);
    t.is(refused.code, 2, `./dev ${args.join(' ')}`);
    t.is(refused.stdout, '', `./dev ${args.join(' ')}`);
    t.regex(refused.stderr, /^[^\n]*dev: [^\n]+\n$/, `./dev ${args.join(' ')}`);
  }
});
