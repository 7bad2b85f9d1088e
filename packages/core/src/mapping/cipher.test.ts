import test from 'ava';
import { ConfigurationError, isConfigurationError, isIntegrityError } from '../errors/index.js';
import { Cipher } from './cipher.js';

const aad = Buffer.from('topic\u0000id\u00001');

test('a 32-byte key is accepted as bytes or as base64', (t) => {
  const bytes = new Uint8Array(32).fill(7);
  const fromBytes = new Cipher(bytes);
  const fromText = new Cipher(Buffer.from(bytes).toString('base64'));
  const sealed = fromBytes.encrypt(Buffer.from('secret'), aad);
  t.deepEqual(Buffer.from(fromText.decrypt(sealed, aad)).toString(), 'secret');
});

test('keys of the wrong length fail with a ConfigurationError naming cipherKey', (t) => {
  const wrong: (string | Uint8Array)[] = [
    '',
    'short',
    Buffer.alloc(16).toString('base64'),
    Buffer.alloc(31).toString('base64'),
    Buffer.alloc(33).toString('base64'),
    Buffer.alloc(32).toString('hex'), // 64 hex characters decode as 48 bytes of base64
    new Uint8Array(0),
    new Uint8Array(16),
    new Uint8Array(31),
    new Uint8Array(33),
    new Uint8Array(64),
  ];
  for (const key of wrong) {
    const error = t.throws(() => new Cipher(key), { instanceOf: ConfigurationError });
    t.true(isConfigurationError(error));
    t.is(error.setting, 'cipherKey');
    t.regex(error.message, /cipherKey/);
    t.regex(error.message, /32 bytes/);
  }
});

test('generateKey gives a fresh base64 key of 32 bytes that a Cipher accepts and uses', (t) => {
  const key = Cipher.generateKey();
  t.is(typeof key, 'string');
  t.is(key.length, 44);
  t.is(Buffer.from(key, 'base64').byteLength, 32);
  t.not(Cipher.generateKey(), key);
  const cipher = new Cipher(key);
  const plaintext = Buffer.from('{"hello":"world"}');
  const sealed = cipher.encrypt(plaintext, aad);
  t.notDeepEqual(Buffer.from(sealed).subarray(13, 13 + plaintext.byteLength), plaintext);
  t.deepEqual(Buffer.from(cipher.decrypt(sealed, aad)), plaintext);
});

test('encrypting the same plaintext twice gives different ciphertexts (fresh nonce)', (t) => {
  const cipher = new Cipher(Cipher.generateKey());
  const a = cipher.encrypt(Buffer.from('same'), aad);
  const b = cipher.encrypt(Buffer.from('same'), aad);
  t.notDeepEqual(Buffer.from(a), Buffer.from(b));
  t.is(a[0], 0x80);
});

test('decrypting with another key, other associated data, or plain bytes fails with an IntegrityError', (t) => {
  const cipher = new Cipher(Cipher.generateKey());
  const sealed = cipher.encrypt(Buffer.from('secret'), aad);
  t.true(isIntegrityError(t.throws(() => new Cipher(Cipher.generateKey()).decrypt(sealed, aad))));
  t.true(isIntegrityError(t.throws(() => cipher.decrypt(sealed, Buffer.from('topic\u0000id\u00002')))));
  t.true(isIntegrityError(t.throws(() => cipher.decrypt(Buffer.from('{"plain":true}'), aad))));
  t.true(isIntegrityError(t.throws(() => cipher.decrypt(sealed.subarray(0, 20), aad))));
});

test("the key given as bytes is copied, so changing the caller's array later does not change the key", (t) => {
  const bytes = new Uint8Array(32).fill(1);
  const cipher = new Cipher(bytes);
  const sealed = cipher.encrypt(Buffer.from('x'), aad);
  bytes.fill(2);
  t.deepEqual(Buffer.from(cipher.decrypt(sealed, aad)).toString(), 'x');
});
