import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SRP_N } from './constants.js';
import { modPow } from './mod-pow.js';
import * as node from './mod-pow-node.js';
import * as web from './mod-pow-web.js';
import { randomBigInt } from './random.js';

/** Plain right-to-left square-and-multiply: slow and obviously right. */
function reference(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  let b = ((base % modulus) + modulus) % modulus;
  let r = 1n;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % modulus;
    b = (b * b) % modulus;
  }
  return r;
}

const { modPow: modPowNode } = node;
const { modPow: modPowWeb } = web;
const implementations = { node: modPowNode, web: modPowWeb, '#modpow': modPow };
const N = SRP_N;

describe('modPow: node (OpenSSL) and web (BigInt) agree', () => {
  const edgeBases = [0n, 1n, 2n, 3n, N - 2n, N - 1n, N, N + 1n, N + 2n, 2n * N + 5n, -1n, -2n, -N, -N - 3n, randomBigInt(400), randomBigInt(800)];
  const edgeExponents = [
    0n,
    1n,
    2n,
    3n,
    255n,
    256n,
    (1n << 64n) - 1n,
    1n << 1023n,
    N - 2n,
    N - 1n,
    N,
    N + 1n,
    randomBigInt(1),
    randomBigInt(32),
    randomBigInt(128),
  ];

  it('on edge cases of the SRP group (exponent 0, base 0, base ≥ N, base N − 1, negative base, e ≥ N)', () => {
    for (const base of edgeBases) {
      for (const exponent of edgeExponents) {
        // The reference is slow at 3072 bits; there the web version (checked against it below) stands in.
        const expected = exponent.toString(2).length > 1100 ? modPowWeb(base, exponent, N) : reference(base, exponent, N);
        for (const [name, f] of Object.entries(implementations)) {
          expect(f(base, exponent, N), `${name}(${base}, ${exponent})`).toBe(expected);
        }
      }
    }
  });

  it('on random bases and exponents of every size the window choice switches at', () => {
    const sizes = [1, 2, 3, 8, 23, 24, 25, 79, 80, 81, 239, 240, 241, 671, 672, 673, 1024, 1281, 2048, 3072];
    for (const bits of sizes) {
      for (let i = 0; i < 3; i++) {
        const exponent = (randomBigInt(Math.ceil(bits / 8)) % (1n << BigInt(bits - 1))) | (1n << BigInt(bits - 1));
        const base = randomBigInt(384) % N;
        const web = modPowWeb(base, exponent, N);
        expect(modPowNode(base, exponent, N), `${bits}-bit exponent`).toBe(web);
        if (bits <= 1281) expect(web).toBe(reference(base, exponent, N));
        expect(modPowNode(2n, exponent, N)).toBe(modPowWeb(2n, exponent, N));
      }
    }
  });

  it('on exponents with long runs of zeros and ones', () => {
    const base = randomBigInt(384) % N;
    for (const exponent of [
      (1n << 1000n) + 1n,
      (1n << 1000n) - 1n,
      BigInt('0b' + '1000000001'.repeat(60)),
      BigInt('0b' + '1'.repeat(7) + '0'.repeat(300) + '11'),
    ]) {
      const expected = reference(base, exponent, N);
      expect(modPowWeb(base, exponent, N)).toBe(expected);
      expect(modPowNode(base, exponent, N)).toBe(expected);
      expect(modPowNode(2n, exponent, N)).toBe(reference(2n, exponent, N));
      expect(modPowWeb(2n, exponent, N)).toBe(reference(2n, exponent, N));
    }
  });

  it('for OpenSSL’s refusals: a shared secret of 1 (base^(N−1))', () => {
    const base = randomBigInt(384) % N;
    expect(modPowNode(base, N - 1n, N)).toBe(1n);
    expect(modPowNode(base, 2n * (N - 1n), N)).toBe(1n);
  });

  it('on other moduli (small, even, 1) and other bases, through the BigInt path', () => {
    for (const modulus of [1n, 2n, 3n, 4n, 97n, 1000n, (1n << 127n) - 1n, 1n << 200n, randomBigInt(64) | 1n, N + 2n]) {
      for (let i = 0; i < 20; i++) {
        const base = randomBigInt(1 + (i % 70)) - (i % 3 === 0 ? randomBigInt(70) : 0n);
        const exponent = i < 3 ? BigInt(i) : randomBigInt(1 + (i % 40));
        const expected = reference(base, exponent, modulus);
        for (const [name, f] of Object.entries(implementations)) expect(f(base, exponent, modulus), name).toBe(expected);
      }
    }
  });

  it('throws RangeError for a non-positive modulus or a negative exponent', () => {
    for (const f of Object.values(implementations)) {
      expect(() => f(2n, 3n, 0n)).toThrow(RangeError);
      expect(() => f(2n, 3n, -7n)).toThrow(RangeError);
      expect(() => f(2n, -1n, N)).toThrow(RangeError);
      expect(() => f(5n, -3n, 97n)).toThrow(RangeError);
    }
  });

  it('#modpow maps node to OpenSSL and everything else to the BigInt file', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.imports['#modpow']).toEqual({ node: './dist/srp/mod-pow-node.js', default: './dist/srp/mod-pow-web.js' });
  });
});

describe('SHA-256 and HMAC-SHA256: node (OpenSSL, synchronous) and web (WebCrypto) agree', () => {
  const bytes = (text: string) => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

  it('gives the FIPS 180-2 and RFC 4231 vectors', async () => {
    for (const f of [node, web]) {
      expect(hex(await f.sha256(bytes('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
      expect(hex(await f.sha256(new Uint8Array(0)))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      // RFC 4231 test case 2: key "Jefe".
      expect(hex(await f.hmacSha256(bytes('Jefe'), bytes('what do ya want for nothing?')))).toBe(
        '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
      );
    }
  });

  it('agree on random inputs of every length up to 300 bytes, keys longer than a block included', async () => {
    for (let length = 0; length <= 300; length += 7) {
      const data = crypto.getRandomValues(new Uint8Array(length));
      const key = crypto.getRandomValues(new Uint8Array(1 + ((length * 3) % 130)));
      expect(hex(await node.sha256(data)), `sha256 ${length}`).toBe(hex(await web.sha256(data)));
      expect(hex(await node.hmacSha256(key, data)), `hmac ${length}`).toBe(hex(await web.hmacSha256(key, data)));
    }
  });
});
