// Proves that the packed packages work for a user: copies examples/starter into a fresh folder outside the
// workspace, installs the tarballs it needs there with plain npm (no workspace, no links), type-checks it,
// runs its tests on SQLite and on a throwaway PostgreSQL database, then installs the other tarballs too and
// loads every entry point of every package and the `annals` command.
//
//   node scripts/packages/test-starter.mjs dist-packages
//
// PostgreSQL is the server of ANNALS_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { URL } from 'node:url';

const root = resolve(import.meta.dirname, '../..');
const starter = join(root, 'examples/starter');
const serverUrl = process.env.ANNALS_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const [tarballDir] = process.argv.slice(2);
if (!tarballDir) {
  process.stderr.write('usage: node scripts/packages/test-starter.mjs DIR_OF_TARBALLS\n');
  process.exit(2);
}

const step = (text) => process.stderr.write(`\x1b[1m==> ${text}\x1b[0m\n`);
const project = mkdtempSync(join(tmpdir(), 'annals-starter-'));

/** Runs a command in the project, its output shown (unless `quiet`, errors aside); throws when it fails. */
function run(command, args, { env = {}, quiet = false } = {}) {
  execFileSync(command, args, {
    cwd: project,
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'],
    env: { ...process.env, ...env },
  });
}

/** The packed packages by name: their tarball's path, entry points and commands. */
function packed() {
  const tarballs = readdirSync(tarballDir).filter((file) => file.endsWith('.tgz'));
  return new Map(
    tarballs.map((file) => {
      const path = resolve(tarballDir, file);
      const manifest = JSON.parse(
        execFileSync('tar', ['-xOzf', path, 'package/package.json'], { encoding: 'utf8' }),
      );
      // The optional peers (bullmq, pg-boss, @opentelemetry/api …) a user of an entry point installs beside it.
      const optionalPeers = Object.keys(manifest.peerDependenciesMeta ?? {})
        .filter((peer) => manifest.peerDependenciesMeta[peer].optional && !peer.startsWith('@annals/'))
        .map((peer) => `${peer}@${manifest.peerDependencies[peer]}`);
      return [
        manifest.name,
        { path, exports: Object.keys(manifest.exports ?? {}), bin: manifest.bin, optionalPeers },
      ];
    }),
  );
}

/** The packages docs/getting-started.md installs into the starter, as dependencies and as dev dependencies. */
const starterPackages = {
  dependencies: ['@annals/core', '@annals/express', '@annals/lifecycle', '@annals/mikro-orm'],
  devDependencies: ['@annals/testing'],
};

/** The paths of the tarballs of `names`. */
function tarballsOf(packages, names) {
  return names.map((name) => {
    const tarball = packages.get(name);
    if (!tarball) throw new Error(`the starter needs ${name}, which was not packed`);
    return tarball.path;
  });
}

/** Runs one statement on the PostgreSQL server with the `pg` the starter installed. */
async function onServer(sql) {
  const { default: pg } = await import(createRequire(join(project, 'package.json')).resolve('pg'));
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const database = `annals_starter_${randomBytes(6).toString('hex')}`;
let databaseCreated = false;
const started = Date.now();
try {
  const packages = packed();
  step(`Copying examples/starter to ${project}`);
  cpSync(starter, project, {
    recursive: true,
    filter: (source) => !/[/\\](node_modules|dist)$|\.sqlite/.test(source),
  });

  step('npm install of the starter and of the packed @annals/* packages it uses');
  const install = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
  run('npm', [...install, ...tarballsOf(packages, starterPackages.dependencies)]);
  run('npm', [...install, '--save-dev', ...tarballsOf(packages, starterPackages.devDependencies)]);

  step('Type-checking the starter (tsc --noEmit)');
  run('npm', ['run', '--silent', 'typecheck']);

  step('The starter on SQLite: npm test');
  run('npm', ['test', '--silent'], { env: { ANNALS_PERSISTENCE: 'sqlite' } });

  step(`The starter on PostgreSQL: npm test on the database ${database}`);
  await onServer(`CREATE DATABASE ${database}`);
  databaseCreated = true;
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  run('npx', ['ava'], { env: { ANNALS_PERSISTENCE: 'postgres', ANNALS_POSTGRES_URL: url.toString() } });

  step('Loading every entry point of every package, and every command');
  run('npm', [
    ...install,
    '--no-save',
    ...[...packages.values()].flatMap((tarball) => [tarball.path, ...tarball.optionalPeers]),
  ]);
  const entryPoints = [...packages].flatMap(([name, { exports }]) =>
    exports.map((subpath) => (subpath === '.' ? name : `${name}/${subpath.slice(2)}`)),
  );
  run('node', [
    '--input-type=module',
    '-e',
    'for (const entry of process.argv.slice(1)) await import(entry);',
    ...entryPoints,
  ]);
  for (const [, { bin }] of packages) {
    for (const command of Object.keys(bin ?? {}))
      run('npx', ['--no-install', command, '--help'], { quiet: true });
  }
  step(`The packed packages work outside the workspace (${Math.round((Date.now() - started) / 1000)} s)`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  if (databaseCreated) await onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  rmSync(project, { recursive: true, force: true });
}
