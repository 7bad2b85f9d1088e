/** A certificate and its private key, as files and as PEM text. */
export interface CertifiedKey {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: string;
  readonly key: string;
}
