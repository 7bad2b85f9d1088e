/** One way a secret can be written, and what that way is called. */
export interface SecretForm {
  readonly encoding: string;
  readonly text: string;
}

/**
 * The forms a secret can take in output: as given, URL-encoded, JSON-escaped, and base64 (standard and
 * URL-safe) of its UTF-8 bytes; for a secret that is itself base64, such as a cipher key, also its bytes in
 * hex and URL-safe base64.
 */
export function secretForms(secret: string): SecretForm[] {
  const utf8 = Buffer.from(secret, 'utf8');
  const forms: SecretForm[] = [
    { encoding: 'as given', text: secret },
    { encoding: 'URL-encoded', text: encodeURIComponent(secret) },
    { encoding: 'JSON-escaped', text: JSON.stringify(secret).slice(1, -1) },
    { encoding: 'base64', text: utf8.toString('base64').replace(/=+$/, '') },
    { encoding: 'base64url', text: utf8.toString('base64url') },
  ];
  if (/^[A-Za-z0-9+/]{16,}={0,2}$/.test(secret)) {
    const bytes = Buffer.from(secret, 'base64');
    forms.push(
      { encoding: 'decoded, in hex', text: bytes.toString('hex') },
      { encoding: 'decoded, in base64url', text: bytes.toString('base64url') },
    );
  }
  return forms;
}
