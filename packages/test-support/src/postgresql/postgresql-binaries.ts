import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const installations = '/usr/lib/postgresql';

/**
 * The folder holding `initdb` and `postgres`: `ANNALS_TEST_POSTGRES_BIN`, else the newest version under
 * /usr/lib/postgresql (Debian's layout).
 */
export async function postgresqlBinaries(): Promise<string> {
  const configured = process.env['ANNALS_TEST_POSTGRES_BIN'];
  if (configured) return configured;
  const versions = await readdir(installations).catch(() => [] as string[]);
  for (const version of versions.sort((a, b) => Number(b) - Number(a))) {
    const bin = join(installations, version, 'bin');
    const found = await access(join(bin, 'initdb')).then(
      () => true,
      () => false,
    );
    if (found) return bin;
  }
  throw new Error(
    `no PostgreSQL server under ${installations}/<version>/bin; set ANNALS_TEST_POSTGRES_BIN to the folder of initdb and postgres`,
  );
}
