import type { CertifiedKey } from './certified-key.js';
import { openssl } from './openssl.js';

/** Writes a PKCS12 keystore holding a certificate and its key, as Java servers read them. */
export async function writePkcs12(certified: CertifiedKey, file: string, password: string): Promise<void> {
  await openssl(
    'pkcs12',
    '-export',
    '-in',
    certified.certFile,
    '-inkey',
    certified.keyFile,
    '-name',
    'server',
    '-passout',
    `pass:${password}`,
    '-out',
    file,
  );
}
