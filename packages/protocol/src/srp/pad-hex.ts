/**
 * Hex encodings of SRP integers.
 */

/**
 * Encodes an integer the way Java's `BigInteger.toByteArray()` does, as hex: the shortest
 * two's-complement big-endian form with at least one sign bit. For non-negative values this is
 * the even-length hex string, prefixed with `00` when its first nibble is 8–f. Lower case.
 *
 * @example padHex(20n) === '14'; padHex(200n) === '00c8'; padHex(-200n) === 'ff38'; padHex(0n) === '00'
 */
export function padHex(value: bigint): string {
  if (value >= 0n) {
    let hex = value.toString(16);
    if (hex.length % 2 === 1) hex = '0' + hex;
    return hex.charCodeAt(0) >= 0x38 /* '8' */ ? '00' + hex : hex;
  }
  // Negative: the smallest byte count whose two's complement still has the sign bit set.
  const magnitudeBits = value === -1n ? 0 : (-value - 1n).toString(2).length;
  const bytes = Math.floor(magnitudeBits / 8) + 1;
  return BigInt.asUintN(bytes * 8, value)
    .toString(16)
    .padStart(bytes * 2, '0');
}

const HEX_DIGITS = /^[0-9a-fA-F]+$/;

/**
 * Parses a non-empty hex string (any case, no prefix, leading zeros allowed) as a non-negative
 * integer. Throws a `TypeError` naming `what` for anything else.
 *
 * @internal
 */
export function parseHex(hex: string, what: string): bigint {
  if (typeof hex !== 'string' || !HEX_DIGITS.test(hex)) throw new TypeError(`${what} is not a hex string`);
  return BigInt('0x' + hex);
}
