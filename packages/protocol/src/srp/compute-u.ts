import { hashHex } from './hash.js';
import { padHex } from './pad-hex.js';

/** The scrambling parameter u = H(padHex(A) ‖ padHex(B)). The caller rejects u = 0. */
export async function computeU(A: bigint, B: bigint): Promise<bigint> {
  return BigInt('0x' + (await hashHex(padHex(A) + padHex(B))));
}
