/**
 * Byte encodings used on Cognito's wire: hex (SRP), base64 (SECRET_BLOCK, signatures),
 * base64url (JWT segments) and UTF-8. Web platform only: no Buffer.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8Encode(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text) as Uint8Array<ArrayBuffer>;
}

export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  if (hex.length % 2 !== 0) hex = '0' + hex;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const byte = parseInt(hex.substr(i * 2, 2), 16);
    if (Number.isNaN(byte)) throw new TypeError('invalid hex string');
    out[i] = byte;
  }
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!];
  return s;
}

/** Standard or url-safe base64 with optional padding and nothing else (atob alone would also skip spaces). */
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary);
}

/** Decodes standard or url-safe base64, padded or not; anything else is a `TypeError`. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  let binary: string;
  try {
    if (!BASE64.test(text)) throw 0;
    binary = atob(text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, ''));
  } catch {
    throw new TypeError('invalid base64 string');
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  return base64ToBytes(text);
}

const BASE64URL_STRICT = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes base64url in the one form RFC 7515 §2 allows in a JWS: `[A-Za-z0-9_-]` only, no
 * padding, and zero unused trailing bits (so each byte string has exactly one encoding). Anything
 * else is a `TypeError`. `base64UrlToBytes` stays lenient for the other wire fields.
 */
export function base64UrlToBytesStrict(text: string): Uint8Array<ArrayBuffer> {
  if (!BASE64URL_STRICT.test(text) || text.length % 4 === 1) throw new TypeError('invalid base64url string');
  const bytes = base64ToBytes(text);
  // Re-encoding gives the input back only if the unused trailing bits were zero.
  if (bytesToBase64Url(bytes) !== text) throw new TypeError('invalid base64url string');
  return bytes;
}
