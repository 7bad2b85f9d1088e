import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CertifiedKey } from './certified-key.js';
import { newKey, openssl } from './openssl.js';

/** Options of {@link CertificateAuthority.issue}. */
export interface IssueOptions {
  /** The certificate's common name and the stem of its files. */
  readonly name: string;
  /** The names it is valid for, in OpenSSL's form, e.g. `['IP:127.0.0.1']`. */
  readonly altNames: readonly string[];
}

/**
 * A certificate authority made with `openssl` for one test file, valid for a day: it issues server
 * certificates, and clients that are given its `cert` trust them.
 */
export class CertificateAuthority implements CertifiedKey {
  private constructor(
    readonly dir: string,
    readonly certFile: string,
    readonly keyFile: string,
    readonly cert: string,
    readonly key: string,
  ) {}

  /** A new self-signed CA whose files are written into `dir`. */
  static async create(dir: string, name: string): Promise<CertificateAuthority> {
    const keyFile = join(dir, `${name}.key`);
    const certFile = join(dir, `${name}.pem`);
    await openssl('req', '-x509', ...newKey(keyFile), '-subj', `/CN=${name}`, '-days', '1', '-out', certFile);
    const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
    return new CertificateAuthority(dir, certFile, keyFile, cert, key);
  }

  /** A server certificate signed by this CA, for the names given. */
  async issue(options: IssueOptions): Promise<CertifiedKey> {
    const keyFile = join(this.dir, `${options.name}.key`);
    const certFile = join(this.dir, `${options.name}.pem`);
    const requestFile = join(this.dir, `${options.name}.csr`);
    const extensionsFile = join(this.dir, `${options.name}.ext`);
    await openssl('req', '-new', ...newKey(keyFile), '-subj', `/CN=${options.name}`, '-out', requestFile);
    await writeFile(
      extensionsFile,
      [
        `subjectAltName=${options.altNames.join(',')}`,
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        '',
      ].join('\n'),
    );
    await openssl(
      'x509',
      '-req',
      '-in',
      requestFile,
      '-CA',
      this.certFile,
      '-CAkey',
      this.keyFile,
      '-set_serial',
      `0x${randomBytes(8).toString('hex')}`,
      '-days',
      '1',
      '-extfile',
      extensionsFile,
      '-out',
      certFile,
    );
    const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
    return { certFile, keyFile, cert, key };
  }
}
