/**
 * Modular exponentiation on native BigInt: the browser implementation behind `#modpow`, and the
 * fallback of the Node one. Squaring plus `%` is the fastest reduction V8 offers at 3072 bits
 * (Montgomery and Barrett reductions in BigInt cost three full multiplications instead).
 * The browser's SHA-256 and HMAC-SHA256 (WebCrypto) sit behind the same fork.
 */

/**
 * Computes `base^exponent mod modulus` for `modulus > 0` and `exponent >= 0`. The base may be any
 * integer, including negative or larger than the modulus; the result is in `[0, modulus)`.
 * `x^0` is 1 (0 when the modulus is 1). Not constant-time.
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus <= 0n) throw new RangeError('modPow: the modulus must be positive');
  if (exponent < 0n) throw new RangeError('modPow: the exponent must not be negative');
  if (modulus === 1n) return 0n;
  if (exponent === 0n) return 1n;
  let b = base % modulus;
  if (b < 0n) b += modulus;
  if (b < 2n) return b;
  const bits = exponent.toString(2);
  return b === 2n ? powerOfTwo(bits, modulus) : slidingWindow(b, bits, modulus);
}

const ONE_BIT = 49; // '1'
const ZERO_BIT = 48; // '0'

/** 2^e mod m, left to right: multiplying by the base is a one-bit shift folded into each reduction. */
function powerOfTwo(bits: string, m: bigint): bigint {
  let r = 1n;
  for (let i = 0; i < bits.length; i++) {
    r = bits.charCodeAt(i) === ONE_BIT ? ((r * r) << 1n) % m : (r * r) % m;
  }
  return r;
}

/** Window width by exponent length, as OpenSSL's BN_window_bits_for_exponent_size chooses it. */
function windowBits(exponentBits: number): number {
  if (exponentBits > 671) return 6;
  if (exponentBits > 239) return 5;
  if (exponentBits > 79) return 4;
  if (exponentBits > 23) return 3;
  return 1;
}

/**
 * b^e mod m by left-to-right sliding windows over the exponent's bits (which start with a 1):
 * each window is a run of at most w bits that starts and ends with 1, so only odd powers of b are
 * tabulated (b, b^3, …, b^(2^w − 1)).
 */
function slidingWindow(b: bigint, bits: string, m: bigint): bigint {
  const w = windowBits(bits.length);
  const oddPowers: bigint[] = [b];
  if (w > 1) {
    const b2 = (b * b) % m;
    for (let i = 1; i < 1 << (w - 1); i++) oddPowers.push((oddPowers[i - 1]! * b2) % m);
  }
  let r = 0n;
  let i = 0;
  while (i < bits.length) {
    if (bits.charCodeAt(i) === ZERO_BIT) {
      r = (r * r) % m;
      i++;
      continue;
    }
    let end = Math.min(i + w, bits.length); // window is bits[i, end), trimmed to end on a 1
    while (bits.charCodeAt(end - 1) === ZERO_BIT) end--;
    const power = oddPowers[parseInt(bits.slice(i, end), 2) >> 1]!;
    if (i === 0) {
      r = power;
    } else {
      for (let k = i; k < end; k++) r = (r * r) % m;
      r = (r * power) % m;
    }
    i = end;
  }
  return r;
}

/** SHA-256 of raw bytes, through WebCrypto. */
export async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

/** HMAC-SHA256(key, data) through WebCrypto. The key must not be empty (WebCrypto refuses it). */
export async function hmacSha256(key: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const cryptoKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, data));
}
