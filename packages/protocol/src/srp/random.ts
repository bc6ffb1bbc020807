import { bytesToHex } from '../encoding.js';

/**
 * A uniformly random non-negative integer of `byteLength` random bytes (big-endian), from
 * `crypto.getRandomValues`.
 */
export function randomBigInt(byteLength: number): bigint {
  if (!Number.isInteger(byteLength) || byteLength < 0) throw new RangeError('randomBigInt: bad byte length');
  const bytes = new Uint8Array(byteLength);
  for (let offset = 0; offset < byteLength; offset += 65536) {
    crypto.getRandomValues(bytes.subarray(offset, offset + 65536)); // the per-call limit
  }
  return BigInt('0x0' + bytesToHex(bytes));
}
