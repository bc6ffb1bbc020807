/// <reference types="node" />
/**
 * Modular exponentiation for Node, behind the `#modpow` import's `node` condition: OpenSSL's
 * BN_mod_exp through a Diffie-Hellman object on the SRP group (about 10× faster than BigInt).
 * Any other modulus, and anything OpenSSL refuses, goes to the BigInt implementation.
 * SHA-256 and HMAC-SHA256 run synchronously in OpenSSL too: WebCrypto's digest and sign queue a job
 * on libuv's pool and resolve on a later turn, which cost more than the 32-byte hashes themselves.
 */
import { createDiffieHellman, createHash, createHmac, type DiffieHellman } from 'node:crypto';
import { SRP_N } from './constants.js';
import { modPow as modPowBigInt } from './mod-pow-web.js';

let srpGroup: DiffieHellman | undefined;

/**
 * Computes `base^exponent mod modulus` for `modulus > 0` and `exponent >= 0`, with the same results
 * as the web implementation. With `modulus === SRP_N` it runs in OpenSSL: `generateKeys()` gives
 * 2^e mod N and `computeSecret(base)` gives base^e mod N for the private key e.
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus !== SRP_N || exponent <= 1n) return modPowBigInt(base, exponent, modulus);
  let b = base % modulus;
  if (b < 0n) b += modulus;
  // OpenSSL rejects public keys outside [2, N − 2]; these bases are trivial anyway.
  if (b < 2n) return b;
  if (b === modulus - 1n) return exponent % 2n === 0n ? 1n : b;
  try {
    // With g = 2 OpenSSL recognises RFC 3526's group, so this costs about 0.3 ms once.
    srpGroup ??= createDiffieHellman(toBytes(SRP_N), toBytes(2n));
    srpGroup.setPrivateKey(toBytes(exponent));
    return fromBytes(b === 2n ? srpGroup.generateKeys() : srpGroup.computeSecret(toBytes(b)));
  } catch {
    // e.g. OpenSSL refuses a shared secret equal to 1 ("Invalid key type").
    return modPowBigInt(b, exponent, modulus);
  }
}

function toBytes(value: bigint): Buffer {
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 === 1 ? '0' + hex : hex, 'hex');
}

/** Big-endian bytes (OpenSSL may pad them with leading zeros, or return none for 0) to a bigint. */
function fromBytes(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + bytes.toString('hex'));
}

/** SHA-256 of raw bytes, in OpenSSL on this thread. */
export async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

/** HMAC-SHA256(key, data), in OpenSSL on this thread. */
export async function hmacSha256(key: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(createHmac('sha256', key).update(data).digest());
}
