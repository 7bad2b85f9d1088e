/** Node's codes for a server certificate that no trusted CA vouches for. */
const untrusted = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
]);

const outOfDate = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/**
 * Why a TLS connection failed, in words that say what to check, or `undefined` when `error` is no TLS
 * failure. Storage and broker packages put it in the `OperationalError` they throw, so that a wrong CA or a
 * certificate for another host reads as such and not as a server that is down.
 */
export function describeTlsFailure(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  if (untrusted.has(code)) {
    return `the server's TLS certificate is not signed by a trusted CA (${error.message})`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `the server's TLS certificate does not name the host connected to (${error.message})`;
  }
  if (outOfDate.has(code)) return `the server's TLS certificate is out of date (${error.message})`;
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
    return `the TLS handshake failed (${error.message})`;
  }
  return undefined;
}
