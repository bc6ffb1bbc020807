/**
 * SHA-256 and HMAC-SHA256 through WebCrypto, in the shapes the SRP formulas use.
 */
import { bytesToHex, hexToBytes, utf8Encode } from '../encoding.js';

/** SHA-256 of raw bytes. */
export async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

/** H over the bytes an (even-length) hex string encodes, as 64 lower-case hex digits. */
export async function hashHex(hex: string): Promise<string> {
  return bytesToHex(await sha256(hexToBytes(hex)));
}

/** H over the UTF-8 bytes of a string, as 64 lower-case hex digits. */
export async function hashUtf8(text: string): Promise<string> {
  return bytesToHex(await sha256(utf8Encode(text)));
}

/** HMAC-SHA256(key, data). The key must not be empty (WebCrypto refuses it). */
export async function hmacSha256(key: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const cryptoKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, data));
}

/** Compares two byte arrays in time that depends only on their lengths. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
