import { describe, expect, it } from 'vitest';
import { bytesToHex, utf8Encode } from '../encoding.js';
import { SRP_G, SRP_K, SRP_N } from './constants.js';
import { hashHex, sha256 } from './hash.js';
import { modPow } from './mod-pow.js';
import { padHex } from './pad-hex.js';

/** ⌊π · 2^bits⌋ by Machin's formula, π = 16·atan(1/5) − 4·atan(1/239), with 64 guard bits. */
function piTimesPowerOfTwo(bits: bigint): bigint {
  const one = 1n << (bits + 64n);
  const atanInverse = (x: bigint): bigint => {
    let sum = 0n;
    let power = one / x;
    for (let n = 1n, sign = 1n; power !== 0n; n += 2n, sign = -sign, power /= x * x) sum += (sign * power) / n;
    return sum;
  };
  return (16n * atanInverse(5n) - 4n * atanInverse(239n)) >> 64n;
}

describe('SRP constants', () => {
  it('N is the RFC 3526 3072-bit prime: 2^3072 − 2^3008 − 1 + 2^64·(⌊2^2942·π⌋ + 1690314)', () => {
    const formula = (1n << 3072n) - (1n << 3008n) - 1n + (1n << 64n) * (piTimesPowerOfTwo(2942n) + 1690314n);
    expect(SRP_N).toBe(formula);
    expect(SRP_N.toString(2)).toHaveLength(3072);
  });

  it('N hashes like the reference (SHA-256 of the upper-case hex as ASCII)', async () => {
    const hex = SRP_N.toString(16).toUpperCase();
    expect(hex.startsWith('FFFFFFFFFFFFFFFFC90FDAA22168C234')).toBe(true);
    expect(hex.endsWith('A93AD2CAFFFFFFFFFFFFFFFF')).toBe(true);
    expect(bytesToHex(await sha256(utf8Encode(hex)))).toBe('2b2c15e1523695d748a2f56b3b81d59d23467b300f1879585be61f0addacdc45');
  });

  it('N passes Fermat tests and is a safe prime (base 3)', () => {
    expect(modPow(3n, SRP_N - 1n, SRP_N)).toBe(1n);
    const q = (SRP_N - 1n) / 2n;
    expect(modPow(3n, q - 1n, q)).toBe(1n);
  });

  it('g = 2 and k = H(padHex(N) ‖ padHex(g))', async () => {
    expect(SRP_G).toBe(2n);
    expect(padHex(SRP_N).slice(0, 2)).toBe('00');
    expect(padHex(SRP_G)).toBe('02');
    expect(BigInt('0x' + (await hashHex(padHex(SRP_N) + padHex(SRP_G))))).toBe(SRP_K);
    expect(SRP_K.toString(16)).toBe('538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6');
  });
});
