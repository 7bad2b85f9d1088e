import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { root } from './pages.js';

interface Manifest {
  readonly name: string;
  readonly private?: boolean;
}

interface TypedocConfig {
  readonly entryPoints: readonly string[];
  readonly packagesRequiringDocumentation: readonly string[];
}

const published = readdirSync(`${root}packages`)
  .map((folder) => ({
    folder: `packages/${folder}`,
    manifest: JSON.parse(readFileSync(`${root}packages/${folder}/package.json`, 'utf8')) as Manifest,
  }))
  .filter(({ manifest }) => manifest.private !== true);

test('the API reference covers every published package, and requires TSDoc on all their exports', (t) => {
  const config = JSON.parse(readFileSync(`${root}typedoc.json`, 'utf8')) as TypedocConfig;
  t.deepEqual([...config.entryPoints].sort(), published.map(({ folder }) => folder).sort());
  t.deepEqual(
    [...config.packagesRequiringDocumentation].sort(),
    published.map(({ manifest }) => manifest.name).sort(),
  );
});
