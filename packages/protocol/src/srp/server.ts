/**
 * The server half of Cognito's SRP-6a, for cognate-local: verifiers, B, and signature checks.
 */
import { base64ToBytes } from '../encoding.js';
import { computeClaimHmac } from './claim-signature.js';
import { computeU } from './compute-u.js';
import { computeX } from './compute-x.js';
import { SRP_G, SRP_K, SRP_N } from './constants.js';
import { constantTimeEqual } from './hash.js';
import { deriveClaimKey } from './hkdf.js';
import { modPow } from './mod-pow.js';
import { padHex, parseHex } from './pad-hex.js';
import { randomBigInt } from './random.js';

/**
 * The password verifier v = g^x mod N, as hex `padHex(v)`, for a user (or, with the device group
 * key, device key and device password, for a device). `salt` is hex.
 */
export async function computeSrpVerifier(input: {
  poolName: string;
  userId: string;
  password: string;
  /** Hex. */
  salt: string;
}): Promise<string> {
  const x = await computeX(input.poolName, input.userId, input.password, parseHex(input.salt, 'salt'));
  return padHex(modPow(SRP_G, x, SRP_N));
}

/** The server's ephemeral secret `b` and public value `B = (k·v + g^b) mod N`. */
export interface SrpServerSession {
  b: bigint;
  B: bigint;
}

/**
 * Starts a server SRP exchange for a stored verifier (hex): `b` is 32 random bytes unless given,
 * and `B = (k·v + g^b) mod N`, never 0 (a random `b` is redrawn; a given one throws a `RangeError`).
 * With `gb` (g^b mod N, from `createSrpServerEphemeral`) no exponentiation is done. Send B as SRP_B
 * with `B.toString(16)`.
 */
export function startSrpServerSession(verifier: string, b?: bigint, gb?: bigint): SrpServerSession {
  const kv = (SRP_K * parseHex(verifier, 'verifier')) % SRP_N;
  const publicValue = (secret: bigint, power = modPow(SRP_G, secret, SRP_N)): bigint => (kv + power) % SRP_N;
  if (b !== undefined) {
    const B = publicValue(b, gb);
    if (B === 0n) throw new RangeError('SRP: this b gives B mod N = 0');
    return { b, B };
  }
  for (;;) {
    const secret = randomBigInt(32);
    const B = publicValue(secret);
    if (secret !== 0n && B !== 0n) return { b: secret, B };
  }
}

/**
 * A server ephemeral drawn ahead of its challenge: `b` (32 random bytes, not 0) and `gb = g^b mod N`,
 * the exponentiation `startSrpServerSession(verifier, b, gb)` then skips. Use each pair once.
 */
export function createSrpServerEphemeral(): { b: bigint; gb: bigint } {
  for (;;) {
    const b = randomBigInt(32);
    if (b !== 0n) return { b, gb: modPow(SRP_G, b, SRP_N) };
  }
}

/**
 * The claim key the client's PASSWORD_CLAIM_SIGNATURE must be made with: HKDF of S = (A·v^u)^b mod
 * N. Everything it needs is known once B is sent, before the client answers. Undefined, never a
 * throw, for A mod N = 0, u = 0 or malformed hex.
 */
export async function computeServerClaimKey(input: {
  /** Hex, as computeSrpVerifier returns it. */
  verifier: string;
  session: SrpServerSession;
  /** SRP_A hex, as received. */
  srpA: string;
}): Promise<Uint8Array<ArrayBuffer> | undefined> {
  try {
    const A = parseHex(input.srpA, 'SRP_A');
    const v = parseHex(input.verifier, 'verifier');
    const { b, B } = input.session;
    if (A % SRP_N === 0n) return undefined;
    const u = await computeU(A, B);
    if (u === 0n) return undefined;
    return await deriveClaimKey(modPow(((A % SRP_N) * modPow(v, u, SRP_N)) % SRP_N, b, SRP_N), u);
  } catch {
    return undefined;
  }
}

/**
 * Checks a PASSWORD_CLAIM_SIGNATURE against a claim key from `computeServerClaimKey`: recomputes the
 * HMAC and compares in constant time. False, never a throw, for no key, malformed base64 or a wrong
 * signature.
 */
export async function checkPasswordClaimSignature(
  key: Uint8Array<ArrayBuffer> | undefined,
  input: {
    poolName: string;
    userId: string;
    /** SECRET_BLOCK as issued (base64). */
    secretBlock: string;
    timestamp: string;
    /** PASSWORD_CLAIM_SIGNATURE as received (base64). */
    signature: string;
  },
): Promise<boolean> {
  try {
    if (!key) return false;
    const received = base64ToBytes(input.signature);
    return constantTimeEqual(await computeClaimHmac(key, input), received);
  } catch {
    return false;
  }
}

/**
 * Checks a PASSWORD_CLAIM_SIGNATURE: recomputes S = (A·v^u)^b mod N, the HKDF key and the HMAC,
 * and compares in constant time. Returns false, never throws, for A mod N = 0, u = 0, malformed
 * hex or base64, or a wrong signature. The caller checks the TIMESTAMP's freshness itself.
 */
export async function verifyPasswordClaimSignature(input: {
  poolName: string;
  userId: string;
  /** Hex, as computeSrpVerifier returns it. */
  verifier: string;
  session: SrpServerSession;
  /** SRP_A hex, as received. */
  srpA: string;
  /** Hex. */
  salt: string;
  /** SECRET_BLOCK as issued (base64). */
  secretBlock: string;
  timestamp: string;
  /** PASSWORD_CLAIM_SIGNATURE as received (base64). */
  signature: string;
}): Promise<boolean> {
  if (typeof input.salt !== 'string' || !/^[0-9a-fA-F]+$/.test(input.salt)) return false; // folded into the verifier; checked for form only
  return checkPasswordClaimSignature(await computeServerClaimKey(input), input);
}
