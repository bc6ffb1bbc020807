import { hexToBytes, utf8Encode } from '../encoding.js';
import { hmacSha256 } from './hash.js';
import { padHex } from './pad-hex.js';

const INFO = new Uint8Array([...utf8Encode('Caldera Derived Key'), 1]);

/**
 * The 16-byte claim key: one round of HKDF-SHA256 with salt = bytes(padHex(u)), input key
 * material = bytes(padHex(S)) and info = "Caldera Derived Key" ‖ 0x01.
 */
export async function deriveClaimKey(S: bigint, u: bigint): Promise<Uint8Array<ArrayBuffer>> {
  const prk = await hmacSha256(hexToBytes(padHex(u)), hexToBytes(padHex(S)));
  return (await hmacSha256(prk, INFO)).slice(0, 16);
}
