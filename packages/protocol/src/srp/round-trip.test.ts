import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, bytesToHex } from '../encoding.js';
import { computePasswordClaimSignature, srpAToHex, startSrpSession } from './client.js';
import { SRP_G, SRP_K, SRP_N } from './constants.js';
import { createDeviceSecretVerifier } from './device.js';
import { modPow } from './mod-pow.js';
import { padHex } from './pad-hex.js';
import { randomBigInt } from './random.js';
import {
  checkPasswordClaimSignature,
  computeServerClaimKey,
  computeSrpVerifier,
  createSrpServerEphemeral,
  startSrpServerSession,
  verifyPasswordClaimSignature,
} from './server.js';
import { formatSrpTimestamp } from './timestamp.js';

const randomText = (bytes: number): string => bytesToBase64(crypto.getRandomValues(new Uint8Array(bytes)));

/** One sign-in: the server's challenge, the client's answer, and the server's check inputs. */
async function signIn(user = { poolName: 'AbCdEf123', userId: crypto.randomUUID(), password: 'pässwörd ' + randomText(9) }) {
  const salt = bytesToHex(crypto.getRandomValues(new Uint8Array(16)));
  const verifier = await computeSrpVerifier({ ...user, salt });
  const server = startSrpServerSession(verifier);
  const client = startSrpSession();
  const secretBlock = randomText(64);
  const timestamp = formatSrpTimestamp();
  const signature = await computePasswordClaimSignature({
    ...user,
    session: client,
    srpB: server.B.toString(16),
    salt,
    secretBlock,
    timestamp,
  });
  const check = { ...user, verifier, session: server, srpA: srpAToHex(client.A), salt, secretBlock, timestamp, signature };
  return { user, client, server, check };
}

describe('SRP round trip, client ↔ server', () => {
  it('verifies the right password for random users', async () => {
    for (let i = 0; i < 8; i++) {
      const { check } = await signIn();
      expect(await verifyPasswordClaimSignature(check)).toBe(true);
    }
  });

  it('works for an empty password, unicode names and a salt with leading zeros', async () => {
    const user = { poolName: 'ÄÖü_漢字', userId: '👩‍💻', password: '' };
    const salt = '0000' + bytesToHex(crypto.getRandomValues(new Uint8Array(14)));
    const verifier = await computeSrpVerifier({ ...user, salt });
    const server = startSrpServerSession(verifier);
    const client = startSrpSession();
    const fields = { secretBlock: 'AA==', timestamp: formatSrpTimestamp() };
    const signature = await computePasswordClaimSignature({ ...user, ...fields, session: client, srpB: server.B.toString(16), salt });
    expect(await verifyPasswordClaimSignature({ ...user, ...fields, verifier, session: server, srpA: srpAToHex(client.A), salt, signature })).toBe(true);
  });

  it('rejects a wrong password', async () => {
    const { user, client, server, check } = await signIn();
    const signature = await computePasswordClaimSignature({
      ...user,
      password: user.password + 'x',
      session: client,
      srpB: server.B.toString(16),
      salt: check.salt,
      secretBlock: check.secretBlock,
      timestamp: check.timestamp,
    });
    expect(await verifyPasswordClaimSignature({ ...check, signature })).toBe(false);
  });

  it('rejects a tampered secret block, timestamp, user id, pool name or signature', async () => {
    const { check } = await signIn();
    const block = base64ToBytes(check.secretBlock);
    block[5]! ^= 1;
    expect(await verifyPasswordClaimSignature({ ...check, secretBlock: bytesToBase64(block) })).toBe(false);
    expect(await verifyPasswordClaimSignature({ ...check, timestamp: formatSrpTimestamp(new Date(Date.now() + 1000)) })).toBe(false);
    expect(await verifyPasswordClaimSignature({ ...check, userId: check.userId + ' ' })).toBe(false);
    expect(await verifyPasswordClaimSignature({ ...check, poolName: 'AbCdEf124' })).toBe(false);
    const signature = base64ToBytes(check.signature);
    signature[31]! ^= 0x80;
    expect(await verifyPasswordClaimSignature({ ...check, signature: bytesToBase64(signature) })).toBe(false);
    expect(await verifyPasswordClaimSignature({ ...check, signature: bytesToBase64(signature.slice(0, 16)) })).toBe(false);
    expect(await verifyPasswordClaimSignature(check)).toBe(true);
  });

  it('rejects A = 0, A = N, A = 2N (the key would not depend on the password) without throwing', async () => {
    const { check } = await signIn();
    for (const A of [0n, SRP_N, 2n * SRP_N]) {
      // With A ≡ 0 the server's S is 0: an attacker could sign with S = 0 and no password at all.
      expect(await verifyPasswordClaimSignature({ ...check, srpA: A.toString(16) })).toBe(false);
      expect(await verifyPasswordClaimSignature({ ...check, srpA: '000' + A.toString(16) })).toBe(false);
    }
  });

  it('returns false for malformed hex or base64 instead of throwing', async () => {
    const { check } = await signIn();
    for (const bad of [
      { srpA: '' },
      { srpA: 'zz' },
      { srpA: '0x' + check.srpA },
      { verifier: 'not hex' },
      { salt: 'salt' },
      { secretBlock: '***' },
      { signature: 'a' },
      { signature: '€€€€' },
    ]) {
      expect(await verifyPasswordClaimSignature({ ...check, ...bad })).toBe(false);
    }
  });

  it('accepts A sent with leading zeros or upper case (u hashes padHex of the value)', async () => {
    const { check } = await signIn();
    expect(await verifyPasswordClaimSignature({ ...check, srpA: '00' + check.srpA.toUpperCase() })).toBe(true);
  });

  it('startSrpServerSession: B = (k·v + g^b) mod N, b of 32 random bytes, fixed b honoured', async () => {
    const verifier = padHex(randomBigInt(384) % SRP_N);
    const v = BigInt('0x' + verifier);
    const fixed = startSrpServerSession(verifier, 12345n);
    expect(fixed.b).toBe(12345n);
    expect(fixed.B).toBe((SRP_K * v + modPow(SRP_G, 12345n, SRP_N)) % SRP_N);
    const random = startSrpServerSession(verifier);
    expect(random.b).toBeGreaterThan(0n);
    expect(random.b).toBeLessThan(1n << 256n);
    expect(random.B).toBe((SRP_K * v + modPow(SRP_G, random.b, SRP_N)) % SRP_N);
  });

  it('startSrpServerSession never returns B mod N = 0', () => {
    // Pick v so that k·v ≡ −g^b (mod N) for b = 7: v = −2^7 / k mod N (N prime).
    const kInverse = modPow(SRP_K, SRP_N - 2n, SRP_N);
    const v = ((SRP_N - modPow(SRP_G, 7n, SRP_N)) * kInverse) % SRP_N;
    expect(() => startSrpServerSession(v.toString(16), 7n)).toThrow(RangeError);
    expect(startSrpServerSession(v.toString(16)).B).not.toBe(0n);
  });

  it('startSrpSession: a of 32 random bytes (256 bits, RFC 5054 and SP 800-56A), A = g^a mod N', () => {
    const sessions = Array.from({ length: 64 }, () => startSrpSession());
    for (const session of sessions) {
      expect(session.a).toBeLessThan(1n << 256n);
      expect(session.a).toBeGreaterThan(0n);
      expect(session.A).toBe(modPow(2n, session.a, SRP_N));
      expect(srpAToHex(session.A)).toBe(session.A.toString(16));
    }
    // Full-size draws: the chance that none of 64 reaches 2^255 is 2^-64.
    expect(sessions.some(s => s.a >= 1n << 255n)).toBe(true);
    expect(new Set(sessions.map(s => s.a)).size).toBe(64);
  });

  it('an ephemeral drawn ahead: gb = g^b, and B from (b, gb) equals B from b alone', () => {
    const verifier = padHex(randomBigInt(384));
    for (let i = 0; i < 4; i++) {
      const { b, gb } = createSrpServerEphemeral();
      expect(b > 0n && b < 1n << 256n).toBe(true);
      expect(gb).toBe(modPow(SRP_G, b, SRP_N));
      expect(startSrpServerSession(verifier, b, gb)).toEqual(startSrpServerSession(verifier, b));
    }
  });

  it('the claim key computed before the answer checks it exactly as verifyPasswordClaimSignature does', async () => {
    const { check } = await signIn();
    const key = await computeServerClaimKey(check);
    expect(key).toHaveLength(16);
    expect(await checkPasswordClaimSignature(key, check)).toBe(true);
    expect(await verifyPasswordClaimSignature(check)).toBe(true);
    for (const wrong of [{ timestamp: check.timestamp + ' ' }, { userId: check.userId + 'x' }, { signature: 'AAAA' }, { signature: '!' }]) {
      expect(await checkPasswordClaimSignature(key, { ...check, ...wrong })).toBe(false);
      expect(await verifyPasswordClaimSignature({ ...check, ...wrong })).toBe(false);
    }
    expect(await checkPasswordClaimSignature(undefined, check)).toBe(false);
    expect(await computeServerClaimKey({ ...check, srpA: SRP_N.toString(16) })).toBeUndefined();
    expect(await computeServerClaimKey({ ...check, srpA: 'xyz' })).toBeUndefined();
  });

  it('device SRP: ConfirmDevice secrets verify a device sign-in', async () => {
    const deviceGroupKey = '-abcDEF12';
    const deviceKey = 'us-east-1_' + crypto.randomUUID();
    const secret = await createDeviceSecretVerifier(deviceGroupKey, deviceKey);
    expect(base64ToBytes(secret.randomPassword)).toHaveLength(40);
    const salt = bytesToHex(base64ToBytes(secret.salt));
    const verifier = bytesToHex(base64ToBytes(secret.passwordVerifier));
    expect(padHex(BigInt('0x' + salt))).toBe(salt);
    expect(padHex(BigInt('0x' + verifier))).toBe(verifier);
    expect(await computeSrpVerifier({ poolName: deviceGroupKey, userId: deviceKey, password: secret.randomPassword, salt })).toBe(verifier);

    const server = startSrpServerSession(verifier);
    const client = startSrpSession();
    const fields = { poolName: deviceGroupKey, userId: deviceKey, salt, secretBlock: randomText(32), timestamp: formatSrpTimestamp() };
    const signature = await computePasswordClaimSignature({ ...fields, password: secret.randomPassword, session: client, srpB: server.B.toString(16) });
    expect(await verifyPasswordClaimSignature({ ...fields, verifier, session: server, srpA: srpAToHex(client.A), signature })).toBe(true);
  });

  it('randomBigInt gives byteLength bytes of randomness', () => {
    expect(randomBigInt(0)).toBe(0n);
    const values = Array.from({ length: 64 }, () => randomBigInt(16));
    expect(new Set(values).size).toBe(64);
    expect(values.every(v => v < 1n << 128n)).toBe(true);
    expect(values.some(v => v >= 1n << 127n)).toBe(true);
    expect(randomBigInt(70000) < 1n << 560000n).toBe(true);
    expect(() => randomBigInt(-1)).toThrow(RangeError);
  });
});
