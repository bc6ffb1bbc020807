/**
 * The client half of Cognito's SRP-6a, as Amplify's AuthenticationHelper computes it.
 */
import { bytesToBase64 } from '../encoding.js';
import { computeClaimHmac } from './claim-signature.js';
import { computeU } from './compute-u.js';
import { computeX } from './compute-x.js';
import { SRP_G, SRP_K, SRP_N } from './constants.js';
import { deriveClaimKey } from './hkdf.js';
import { modPow } from './mod-pow.js';
import { parseHex } from './pad-hex.js';
import { randomBigInt } from './random.js';

/** The client's ephemeral secret `a` and public value `A = g^a mod N`. */
export interface SrpClientSession {
  a: bigint;
  A: bigint;
}

/**
 * Starts a client SRP exchange: `a` is 32 random bytes unless given, `A = g^a mod N`.
 *
 * 256 bits, where Amplify draws 1024: RFC 5054 (§2.5.4, §3.1) asks that a and b be at least 256
 * bits, and NIST SP 800-56A rev. 3 (§5.6.1.1) sizes an FFC private key at twice the group's
 * security strength, 256 bits for this 3072-bit group's 128 (OpenSSL 3 draws DH keys for RFC 3526's
 * groups at that size too, openssl/openssl#18480). The longer exponent buys no strength (the group's
 * discrete log is the bound) and costs the client two more 768-bit stretches of exponentiation, in
 * g^a and in S. The server cannot tell the size from A.
 */
export function startSrpSession(a: bigint = randomBigInt(32)): SrpClientSession {
  // A mod N = 0 cannot happen (N is prime and a power of g never 0), so Amplify's check is left out.
  return { a, A: modPow(SRP_G, a, SRP_N) };
}

/** SRP_A as Amplify sends it: `A.toString(16)`, lower case, not padded. */
export function srpAToHex(A: bigint): string {
  return A.toString(16);
}

/**
 * Answers a PASSWORD_VERIFIER (or DEVICE_PASSWORD_VERIFIER) challenge: returns the base64
 * PASSWORD_CLAIM_SIGNATURE = base64(HMAC(K, utf8(poolName) ‖ utf8(userId) ‖ secret block ‖
 * utf8(timestamp))), where K is the HKDF of S = (B − k·g^x)^(a + u·x) mod N.
 *
 * Throws a `TypeError` for malformed hex or base64 and a `RangeError` when B mod N = 0 or u = 0.
 */
export async function computePasswordClaimSignature(input: {
  /** `userPoolId.split('_')[1]`, or the DeviceGroupKey for device SRP. */
  poolName: string;
  /** USER_ID_FOR_SRP, or the DeviceKey for device SRP. */
  userId: string;
  /** The password, or the device's random password. */
  password: string;
  session: SrpClientSession;
  /** ChallengeParameters.SRP_B (hex). */
  srpB: string;
  /** ChallengeParameters.SALT (hex). */
  salt: string;
  /** ChallengeParameters.SECRET_BLOCK (base64; base64url and missing padding accepted). */
  secretBlock: string;
  /** `formatSrpTimestamp()`; sent back as TIMESTAMP. */
  timestamp: string;
}): Promise<string> {
  const { a, A } = input.session;
  const B = parseHex(input.srpB, 'SRP_B');
  const salt = parseHex(input.salt, 'SALT');
  if (B % SRP_N === 0n) throw new RangeError('SRP: B mod N must not be 0');
  const [u, x] = await Promise.all([computeU(A, B), computeX(input.poolName, input.userId, input.password, salt)]);
  if (u === 0n) throw new RangeError('SRP: u must not be 0');
  const base = (((B - SRP_K * modPow(SRP_G, x, SRP_N)) % SRP_N) + SRP_N) % SRP_N;
  const S = modPow(base, a + u * x, SRP_N);
  const key = await deriveClaimKey(S, u);
  return bytesToBase64(await computeClaimHmac(key, input));
}
