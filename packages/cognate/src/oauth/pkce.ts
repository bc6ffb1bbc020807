/**
 * The random values of a redirect sign-in, as Amplify makes them: a 32-character state and a
 * 128-character PKCE code verifier from `[A-Za-z0-9]`, the S256 challenge (unpadded base64url
 * SHA-256), and the hex encoding that carries `customState` inside the state parameter.
 */
import { bytesToBase64Url, utf8Encode } from '@cognate/protocol/encoding';

const CHARSET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomString(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const byte of bytes) out += CHARSET.charAt(byte % CHARSET.length);
  return out;
}

export async function codeChallenge(verifier: string): Promise<string> {
  // bytesToBase64Url is unpadded already.
  return bytesToBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8Encode(verifier))));
}

/** Each UTF-16 code unit as (at least) two hex digits, as Amplify: survives Cognito's double URL encoding. */
export function urlSafeEncode(text: string): string {
  return text
    .split('')
    .map(c => c.charCodeAt(0).toString(16).padStart(2, '0'))
    .join('');
}

export function urlSafeDecode(hex: string): string {
  return (hex.match(/.{2}/g) ?? []).map(pair => String.fromCharCode(Number.parseInt(pair, 16))).join('');
}
