import { describe, expect, it } from 'vitest';
import { padHex, parseHex } from './pad-hex.js';

describe('padHex (Java BigInteger.toByteArray as hex)', () => {
  it.each([
    [0n, '00'],
    [1n, '01'],
    [0x7fn, '7f'],
    [0x80n, '0080'],
    [20n, '14'],
    [200n, '00c8'],
    [236n, '00ec'],
    [0xabcn, '0abc'],
    [0x8abcn, '008abc'],
    [0x0100n, '0100'],
    [0xffffn, '00ffff'],
    [-1n, 'ff'],
    [-20n, 'ec'],
    [-56n, 'c8'],
    [-128n, '80'],
    [-129n, 'ff7f'],
    [-200n, 'ff38'],
    [-236n, 'ff14'],
    [-256n, 'ff00'],
    [-32768n, '8000'],
    [-32769n, 'ff7fff'],
  ])('padHex(%s) = %s', (value, hex) => {
    expect(padHex(value)).toBe(hex);
  });

  it('is the shortest two’s-complement encoding that round-trips', () => {
    for (let i = 0; i < 500; i++) {
      const value = BigInt(Math.floor((Math.random() - 0.5) * 2 ** 40)) << BigInt(i % 50);
      const hex = padHex(value);
      expect(hex.length % 2).toBe(0);
      expect(BigInt.asIntN(hex.length * 4, BigInt('0x' + hex))).toBe(value);
      if (hex.length > 2) expect(BigInt.asIntN(hex.length * 4 - 8, BigInt('0x' + hex))).not.toBe(value);
    }
  });

  it('parseHex takes any-case hex with leading zeros and rejects everything else', () => {
    expect(parseHex('00Ff', 'x')).toBe(255n);
    for (const bad of ['', '0x12', '12 ', 'g1', '-1', '1.5']) expect(() => parseHex(bad, 'x')).toThrow(TypeError);
  });
});
