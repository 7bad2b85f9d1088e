export { CertificateAuthority, type IssueOptions } from './certificate-authority.js';
export type { CertifiedKey } from './certified-key.js';
export { writePkcs12 } from './pkcs12.js';
