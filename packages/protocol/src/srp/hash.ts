/**
 * SHA-256 and HMAC-SHA256 in the shapes the SRP formulas use: through `#modpow`'s platform fork,
 * OpenSSL under Node and WebCrypto elsewhere.
 */
import { sha256 } from '#modpow';
import { bytesToHex, hexToBytes, utf8Encode } from '../encoding.js';

/** SHA-256 of raw bytes; HMAC-SHA256(key, data), whose key must not be empty (WebCrypto refuses it). */
export { hmacSha256, sha256 } from '#modpow';

/** H over the bytes an (even-length) hex string encodes, as 64 lower-case hex digits. */
export async function hashHex(hex: string): Promise<string> {
  return bytesToHex(await sha256(hexToBytes(hex)));
}

/** H over the UTF-8 bytes of a string, as 64 lower-case hex digits. */
export async function hashUtf8(text: string): Promise<string> {
  return bytesToHex(await sha256(utf8Encode(text)));
}

/** Compares two byte arrays in time that depends only on their lengths. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
