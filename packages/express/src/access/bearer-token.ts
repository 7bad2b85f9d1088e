import { ConfigurationError } from '@annals/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Authorize } from './authorize.js';

/**
 * An {@link Authorize} function that allows requests carrying `Authorization: Bearer <secret>`: a request
 * without a bearer token is answered 401, one with another token 403. The tokens are compared as SHA-256
 * digests with `timingSafeEqual`, so the time taken reveals neither the secret nor its length.
 *
 * @example
 * ```ts
 * app.use(notificationLogRouter({ application, authorize: bearerToken(process.env['BANK_LOG_TOKEN'] ?? '') }));
 * ```
 * @throws ConfigurationError when `secret` is empty.
 */
export function bearerToken(secret: string): Authorize {
  if (secret === '') {
    throw new ConfigurationError('authorize', 'bearerToken needs a non-empty secret');
  }
  const expected = digest(secret);
  return (request) => {
    const token = /^Bearer\s+(.*)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
    if (!token) return 'unauthenticated';
    return timingSafeEqual(digest(token), expected) ? 'allow' : 'forbidden';
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
