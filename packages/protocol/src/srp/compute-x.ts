import { hashHex, hashUtf8 } from './hash.js';
import { padHex } from './pad-hex.js';

/**
 * The private key x = H(padHex(salt) ‖ H(poolName ‖ userId ‖ ':' ‖ password)): the inner hash is
 * over UTF-8, its 64 hex digits are appended to the salt's hex and the whole is hashed as bytes.
 * For device SRP, poolName is the device group key, userId the device key and password the
 * device's random password.
 */
export async function computeX(poolName: string, userId: string, password: string, salt: bigint): Promise<bigint> {
  const identityHash = await hashUtf8(`${poolName}${userId}:${password}`);
  return BigInt('0x' + (await hashHex(padHex(salt) + identityHash)));
}
