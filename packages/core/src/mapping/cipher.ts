import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConfigurationError, IntegrityError } from '../errors/index.js';

/** The first byte of encrypted state. */
export const ENCRYPTED_HEADER = 0x80;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a fresh random nonce per record. The caller passes associated data (the record's
 * identity) so that a ciphertext moved to another record fails authentication just like flipped bytes.
 */
export class Cipher {
  readonly #key: Buffer;

  /** @param key 32 bytes, or their base64 encoding. */
  constructor(key: string | Uint8Array) {
    const bytes = typeof key === 'string' ? Buffer.from(key, 'base64') : Buffer.from(key);
    if (bytes.byteLength !== 32) {
      throw new ConfigurationError(
        'cipherKey',
        `cipherKey must be 32 bytes (44 characters of base64) for AES-256-GCM; got ${bytes.byteLength} bytes`,
      );
    }
    this.#key = bytes;
  }

  /** A new random key, base64-encoded, for configuration. */
  static generateKey(): string {
    return randomBytes(32).toString('base64');
  }

  /** AES-256-GCM ciphertext of `plaintext`, bound to `associatedData` (which must match on decryption). */
  encrypt(plaintext: Uint8Array, associatedData: Uint8Array): Uint8Array {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    cipher.setAAD(associatedData);
    const body = cipher.update(plaintext);
    const final = cipher.final();
    const out = Buffer.allocUnsafe(1 + NONCE_BYTES + body.byteLength + final.byteLength + TAG_BYTES);
    out[0] = ENCRYPTED_HEADER;
    nonce.copy(out, 1);
    body.copy(out, 1 + NONCE_BYTES);
    final.copy(out, 1 + NONCE_BYTES + body.byteLength);
    cipher.getAuthTag().copy(out, out.byteLength - TAG_BYTES);
    return out;
  }

  /**
   * The plaintext of `bytes`. @throws IntegrityError when the bytes or `associatedData` were changed, or the
   * key is not the one used
   */
  decrypt(bytes: Uint8Array, associatedData: Uint8Array): Uint8Array {
    if (bytes[0] !== ENCRYPTED_HEADER || bytes.byteLength < 1 + NONCE_BYTES + TAG_BYTES) {
      throw new IntegrityError('state is not encrypted, but a cipher key is configured');
    }
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, buffer.subarray(1, 1 + NONCE_BYTES));
    decipher.setAAD(associatedData);
    decipher.setAuthTag(buffer.subarray(buffer.byteLength - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(buffer.subarray(1 + NONCE_BYTES, buffer.byteLength - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch (error) {
      throw new IntegrityError('state failed authentication: tampered, or encrypted with another key', {
        cause: error,
      });
    }
  }
}
