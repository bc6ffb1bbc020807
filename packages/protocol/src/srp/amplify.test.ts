/**
 * Differential tests against the SRP code of the installed aws-amplify (@aws-amplify/auth), imported
 * from its built files. Amplify's BigInteger is slow (≈ 100 ms per 1024-bit exponentiation), so the
 * loops are short.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { base64ToBytes, bytesToBase64, bytesToHex } from '../encoding.js';
import { computePasswordClaimSignature, srpAToHex, startSrpSession } from './client.js';
import { computeU } from './compute-u.js';
import { SRP_N } from './constants.js';
import { createDeviceSecretVerifier } from './device.js';
import { padHex } from './pad-hex.js';
import { randomBigInt } from './random.js';
import { computeSrpVerifier, startSrpServerSession, verifyPasswordClaimSignature } from './server.js';
import { formatSrpTimestamp } from './timestamp.js';

const SRP_DIR = new URL('../../../../node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/', import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: Amplify's internal SRP modules are untyped JavaScript
const load = async (path: string): Promise<any> => import(new URL(path, SRP_DIR).href);

const { default: BigInteger } = await load('BigInteger/BigInteger.mjs');
const { default: AuthenticationHelper } = await load('AuthenticationHelper/AuthenticationHelper.mjs');
const { getAuthenticationHelper } = await load('getAuthenticationHelper.mjs');
const { getSignatureString } = await load('getSignatureString.mjs');
const { getPaddedHex } = await load('getPaddedHex.mjs');
const { getNowString } = await load('getNowString.mjs');
const { getHashFromData } = await load('getHashFromData.mjs');
const { getHashFromHex } = await load('getHashFromHex.mjs');
const { calculateU } = await load('calculate/index.mjs');
const { INIT_N } = await load('constants.mjs');

/** Amplify's (JSBN-style) BigInteger, as these tests use it. */
interface BigInt16 {
  toString(radix: number): string;
  modPow(exponent: BigInt16, modulus: BigInt16, done: (error: unknown, result: BigInt16) => void): void;
}

const big = (value: bigint): BigInt16 => new BigInteger(value.toString(16), 16);
const unbig = (value: BigInt16): bigint => BigInt('0x' + value.toString(16));
const N = new BigInteger(INIT_N, 16);
const g = new BigInteger('2', 16);
const randomText = (bytes: number): string => bytesToBase64(crypto.getRandomValues(new Uint8Array(bytes)));

/** Amplify's client side of one sign-in (its helper with a given a, or a random one). */
async function amplifySign(input: {
  poolName: string;
  userId: string;
  password: string;
  a?: bigint;
  srpB: string;
  salt: string;
  secretBlock: string;
  timestamp: string;
}): Promise<{ srpA: string; signature: string }> {
  const helper =
    input.a === undefined
      ? await getAuthenticationHelper(input.poolName)
      : new AuthenticationHelper({ userPoolName: input.poolName, a: big(input.a), g, A: await powBig(g, big(input.a)), N });
  const hkdf = await helper.getPasswordAuthenticationKey({
    username: input.userId,
    password: input.password,
    serverBValue: new BigInteger(input.srpB, 16),
    salt: new BigInteger(input.salt, 16),
  });
  const signature = getSignatureString({
    userPoolName: input.poolName,
    username: input.userId,
    challengeParameters: { SECRET_BLOCK: input.secretBlock },
    dateNow: input.timestamp,
    hkdf,
  });
  return { srpA: helper.A.toString(16), signature };
}

const powBig = (base: BigInt16, exponent: BigInt16): Promise<BigInt16> =>
  new Promise((resolve, reject) => base.modPow(exponent, N, (error: unknown, result: BigInt16) => (error ? reject(error) : resolve(result))));

async function challenge(password = 'Pa55 wörd!' + randomText(6)) {
  const user = { poolName: 'Xy7' + randomText(6).replace(/[+/=]/g, 'q'), userId: crypto.randomUUID(), password };
  const salt = bytesToHex(crypto.getRandomValues(new Uint8Array(16)));
  const verifier = await computeSrpVerifier({ ...user, salt });
  const server = startSrpServerSession(verifier);
  return { user, salt, verifier, server, secretBlock: randomText(48), timestamp: formatSrpTimestamp() };
}

describe('against aws-amplify’s SRP (differential)', () => {
  afterEach(() => vi.useRealTimers());

  it('our client’s signature equals Amplify’s for the same a, B, salt (and both verify)', async () => {
    for (let i = 0; i < 3; i++) {
      const c = await challenge();
      const session = startSrpSession();
      const fields = { ...c.user, srpB: c.server.B.toString(16), salt: c.salt, secretBlock: c.secretBlock, timestamp: c.timestamp };
      const ours = await computePasswordClaimSignature({ ...fields, session });
      const theirs = await amplifySign({ ...fields, a: session.a });
      expect(theirs.srpA).toBe(srpAToHex(session.A));
      expect(ours).toBe(theirs.signature);
      const check = { ...c.user, verifier: c.verifier, session: c.server, srpA: theirs.srpA, salt: c.salt, secretBlock: c.secretBlock, timestamp: c.timestamp };
      expect(await verifyPasswordClaimSignature({ ...check, signature: theirs.signature })).toBe(true);
    }
  });

  it('our server accepts Amplify’s own random-a sign-in, and refuses it with a wrong password', async () => {
    const c = await challenge();
    const fields = { srpB: c.server.B.toString(16), salt: c.salt, secretBlock: c.secretBlock, timestamp: c.timestamp };
    const right = await amplifySign({ ...c.user, ...fields });
    const check = { ...c.user, ...fields, verifier: c.verifier, session: c.server };
    expect(await verifyPasswordClaimSignature({ ...check, srpA: right.srpA, signature: right.signature })).toBe(true);
    const wrong = await amplifySign({ ...c.user, password: c.user.password + '.', ...fields });
    expect(await verifyPasswordClaimSignature({ ...check, srpA: wrong.srpA, signature: wrong.signature })).toBe(false);
  });

  it('matches on a salt with leading zero bytes and a high-bit salt, and on a base64url secret block', async () => {
    for (const salt of [
      '0000' + bytesToHex(crypto.getRandomValues(new Uint8Array(14))),
      'f' + bytesToHex(crypto.getRandomValues(new Uint8Array(15))).slice(1),
    ]) {
      const c = await challenge();
      const session = startSrpSession();
      const secretBlock = bytesToBase64(crypto.getRandomValues(new Uint8Array(31)))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
      const fields = { ...c.user, srpB: c.server.B.toString(16), salt, secretBlock, timestamp: c.timestamp };
      expect(await computePasswordClaimSignature({ ...fields, session })).toBe((await amplifySign({ ...fields, a: session.a })).signature);
    }
  });

  it('reproduces the §3.7 vector through Amplify too', async () => {
    const result = await amplifySign({
      poolName: 'AbCdEfGhI',
      userId: 'user-id-for-srp',
      password: 'P@ssw0rd!',
      a: BigInt('0x' + 'a1b2c3d4e5f60718293a4b5c6d7e8f90'.repeat(8)),
      srpB: '1234567890abcdef'.repeat(48),
      salt: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      secretBlock: 'c2VjcmV0LWJsb2NrLWJ5dGVzLTAxMjM0NTY3ODk=',
      timestamp: 'Tue Aug 5 09:03:07 UTC 2025',
    });
    expect(result.signature).toBe('1xe6lmr4L/mhVrqyNU3QLl7/OfX++hOHS/1Y4atd00I=');
  });

  it('Amplify’s device verifier (generateHashDevice) verifies with our server code, and equals our formula', async () => {
    const deviceGroupKey = '-' + randomText(6).replace(/[+/=]/g, 'x');
    const deviceKey = 'eu-west-1_' + crypto.randomUUID();
    const helper = await getAuthenticationHelper(deviceGroupKey);
    await helper.generateHashDevice(deviceGroupKey, deviceKey);
    const salt: string = helper.getSaltToHashDevices();
    const verifier: string = helper.getVerifierDevices();
    const randomPassword: string = helper.getRandomPassword();
    expect(await computeSrpVerifier({ poolName: deviceGroupKey, userId: deviceKey, password: randomPassword, salt })).toBe(verifier);

    // A device sign-in by Amplify's helper (DEVICE_PASSWORD_VERIFIER) against our server and Amplify's verifier.
    const server = startSrpServerSession(verifier);
    const fields = { srpB: server.B.toString(16), salt, secretBlock: randomText(40), timestamp: formatSrpTimestamp() };
    const signed = await amplifySign({ poolName: deviceGroupKey, userId: deviceKey, password: randomPassword, ...fields });
    const check = { poolName: deviceGroupKey, userId: deviceKey, verifier, session: server, srpA: signed.srpA, signature: signed.signature };
    expect(await verifyPasswordClaimSignature({ ...check, ...fields })).toBe(true);
  });

  it('our createDeviceSecretVerifier output follows Amplify’s generateHashDevice formula', async () => {
    const deviceGroupKey = '-Gr0up';
    const deviceKey = 'us-east-1_' + crypto.randomUUID();
    const ours = await createDeviceSecretVerifier(deviceGroupKey, deviceKey);
    const saltHex = bytesToHex(base64ToBytes(ours.salt));
    expect(saltHex).toBe(getPaddedHex(new BigInteger(saltHex, 16)));
    const hashed = getHashFromData(`${deviceGroupKey}${deviceKey}:${ours.randomPassword}`);
    const expected = getPaddedHex(await powBig(g, new BigInteger(getHashFromHex(saltHex + hashed), 16)));
    expect(bytesToHex(base64ToBytes(ours.passwordVerifier))).toBe(expected);
  });

  it('padHex equals getPaddedHex on random positive and negative values', () => {
    const amplifyPadHex = (value: bigint): string => getPaddedHex(value < 0n ? big(-value).negate() : big(value)).toLowerCase();
    const values = [0n, 1n, -1n, 0x7fn, 0x80n, -0x80n, -0x81n, 0xffn, -0xffn, 0x8000n, -0x8000n, -0x8001n, SRP_N, -SRP_N];
    for (let i = 0; i < 300; i++) {
      const magnitude = randomBigInt(1 + (i % 40)) >> BigInt(i % 8);
      values.push(i % 2 === 0 ? magnitude : -magnitude);
    }
    for (const value of values) expect(padHex(value), value.toString()).toBe(amplifyPadHex(value));
  });

  it('u equals calculateU', async () => {
    for (let i = 0; i < 5; i++) {
      const A = randomBigInt(384) % SRP_N;
      const B = randomBigInt(384) % SRP_N;
      expect(await computeU(A, B)).toBe(unbig(calculateU({ A: big(A), B: big(B) })));
    }
  });

  it('formatSrpTimestamp equals getNowString', () => {
    vi.useFakeTimers();
    for (const time of ['2025-08-05T09:03:07Z', '2024-02-29T00:00:00Z', '2023-12-31T23:59:59Z', '2026-10-01T10:10:10Z']) {
      vi.setSystemTime(new Date(time));
      expect(formatSrpTimestamp()).toBe(getNowString());
    }
  });
});
