// Checks packed packages before anyone installs them: publint's checks (exports and types point at shipped
// files of the right format), and what publint leaves out: a README and a licence, no `workspace:` range,
// every relative import and every source map's sources shipped, every package a shipped file imports
// declared as a dependency or peer, and every package in the fixed version group of .changeset/config.json.
//
//   node scripts/packages/check-tarballs.mjs dist-packages/*.tgz
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { URL } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import ts from 'typescript';

const dependencyFields = ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'];
const changesets = JSON.parse(readFileSync(new URL('../../.changeset/config.json', import.meta.url), 'utf8'));
const fixedGroup = new Set(changesets.fixed.flat());
const builtins = new Set(builtinModules);

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(dir, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** What is wrong with the manifest and the files of the unpacked package in `dir`. */
async function packageProblems(dir, manifest, files) {
  const { messages } = await publint({ pkgDir: dir, pack: false, strict: true, level: 'warning' });
  const problems = messages.map(
    (message) => `publint: ${formatMessage(message, manifest, { color: false }) ?? message.code}`,
  );
  if (!fixedGroup.has(manifest.name)) {
    problems.push('not in the fixed version group of .changeset/config.json, so it would be versioned alone');
  }
  for (const required of ['README.md', 'LICENSE']) {
    if (!files.has(required)) problems.push(`no ${required}`);
  }
  for (const field of dependencyFields) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (range.startsWith('workspace:')) problems.push(`${field}.${name} is "${range}"`);
    }
  }
  return problems;
}

/** The sources of the source map `file` that are not shipped. */
function mapProblems(dir, file, files) {
  const path = join(dir, file);
  const map = JSON.parse(readFileSync(path, 'utf8'));
  return map.sources
    .map((source) => relative(dir, resolve(dirname(path), map.sourceRoot ?? '', source)))
    .filter((source) => !files.has(source))
    .map((source) => `${file} maps to ${source}, which is not shipped`);
}

/** The imports of the module or declaration `file` that an installed package could not resolve. */
function importProblems(dir, file, manifest, files) {
  const path = join(dir, file);
  const isDeclaration = file.endsWith('.d.ts');
  const declared = new Set(
    ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) =>
      Object.keys(manifest[field] ?? {}),
    ),
  );
  const problems = [];
  const { importedFiles } = ts.preProcessFile(readFileSync(path, 'utf8'), true, true);
  for (const { fileName: specifier } of importedFiles) {
    if (specifier.startsWith('.')) {
      const target = relative(dir, resolve(dirname(path), specifier));
      const shipped = isDeclaration ? target.replace(/\.js$/, '.d.ts') : target;
      if (!files.has(shipped)) problems.push(`${file} imports ${specifier}, which is not shipped`);
      continue;
    }
    if (specifier.startsWith('node:') || builtins.has(specifier)) continue;
    const name = packageName(specifier);
    const types = `@types/${name.replace(/^@/, '').replace('/', '__')}`;
    if (name === manifest.name || declared.has(name) || (isDeclaration && declared.has(types))) continue;
    problems.push(`${file} imports ${specifier}, but ${name} is neither a dependency nor a peer`);
  }
  return problems;
}

async function problemsOf(tarball) {
  const scratch = mkdtempSync(join(tmpdir(), 'annals-tarball-'));
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', scratch]);
    const dir = join(scratch, 'package');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const files = new Set(filesUnder(dir));
    const problems = await packageProblems(dir, manifest, files);
    for (const file of files) {
      if (file.endsWith('.map')) problems.push(...mapProblems(dir, file, files));
      else if (/\.(js|d\.ts)$/.test(file)) problems.push(...importProblems(dir, file, manifest, files));
    }
    return problems;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const tarballs = process.argv.slice(2);
if (tarballs.length === 0) {
  process.stderr.write('usage: node scripts/packages/check-tarballs.mjs TARBALL...\n');
  process.exit(2);
}
let failed = false;
for (const tarball of tarballs) {
  if (!existsSync(tarball)) throw new Error(`no tarball at ${tarball}`);
  const problems = await problemsOf(tarball);
  if (problems.length === 0) continue;
  failed = true;
  const shown = problems.slice(0, 20).map((problem) => `  - ${problem}\n`);
  if (problems.length > shown.length) shown.push(`  … and ${problems.length - shown.length} more\n`);
  process.stderr.write(`${basename(tarball)}:\n${shown.join('')}`);
}
if (failed) process.exit(1);
process.stdout.write(`${tarballs.length} tarballs are ready to publish\n`);
