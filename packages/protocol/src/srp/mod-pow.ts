/**
 * The one platform fork of the SRP maths: `#modpow` resolves (package.json `imports`) to
 * `mod-pow-node.js` under Node (OpenSSL) and to `mod-pow-web.js` elsewhere (BigInt).
 */
import { modPow as platformModPow } from '#modpow';

/**
 * Computes `base^exponent mod modulus` (result in `[0, modulus)`), for `modulus > 0` and
 * `exponent >= 0`; any integer base. Throws a `RangeError` otherwise. Not constant-time.
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  return platformModPow(base, exponent, modulus);
}
