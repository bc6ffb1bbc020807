/**
 * The size of the client's SRP secret `a`: cognate draws 256 bits (RFC 5054 §2.5.4, NIST SP
 * 800-56A), aws-amplify 1024. The server cannot tell them apart, so both sign in against
 * cognate-local. Which secret cognate used is read off the wire: the SRP_A it sends must be g^a for
 * one of the 32-byte random draws made during its signIn, and no 128-byte draw is made.
 */
import { SRP_N } from '@cognate/protocol';
import { Amplify as AmplifyReal } from 'aws-amplify';
import * as amplifyAuth from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider as amplifyTokenProvider } from 'aws-amplify/auth/cognito';
import type { RunningServer } from 'cognate-local';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import * as cognateAuth from '../src/auth-cognito.js';
import { Amplify as AmplifyCognate } from '../src/index.js';
import { call, createPoolAndClient, MapStorage, startLocal } from './helpers.js';

const PASSWORD = 'Corr3ct-Horse!';
let server: RunningServer;

/** Plain square-and-multiply, independent of the code under test. */
function pow2(exponent: bigint): bigint {
  let result = 1n;
  let base = 2n;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * base) % SRP_N;
    base = (base * base) % SRP_N;
  }
  return result;
}

/** Runs `signIn` while recording every random draw's size and bytes, and every SRP_A sent. */
async function observe(signIn: () => Promise<unknown>): Promise<{ draws: Uint8Array[]; srpAs: string[] }> {
  const draws: Uint8Array[] = [];
  const srpAs: string[] = [];
  const getRandomValues = crypto.getRandomValues.bind(crypto);
  vi.spyOn(crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
    const filled = getRandomValues(array as ArrayBufferView & Uint8Array) as unknown as T;
    if (array instanceof Uint8Array) draws.push(array.slice());
    return filled;
  });
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    if (typeof init?.body === 'string' && init.body.includes('SRP_A')) srpAs.push(JSON.parse(init.body).AuthParameters.SRP_A);
    return realFetch(input, init);
  });
  try {
    await signIn();
  } finally {
    vi.restoreAllMocks();
  }
  return { draws, srpAs };
}

beforeAll(async () => {
  server = await startLocal();
  const pool = await createPoolAndClient(server.url);
  const config = { Auth: { Cognito: { ...pool, userPoolEndpoint: server.url } } };
  AmplifyReal.configure(config);
  amplifyTokenProvider.setKeyValueStorage(new MapStorage());
  AmplifyCognate.configure(config);
  cognateAuth.cognitoUserPoolsTokenProvider.setKeyValueStorage(new MapStorage());
  for (const user of ['cog-secret', 'amp-secret']) {
    await call(server.url, 'AdminCreateUser', { UserPoolId: pool.userPoolId, Username: user, MessageAction: 'SUPPRESS', TemporaryPassword: 'Temp-Passw0rd!' });
    await call(server.url, 'AdminSetUserPassword', { UserPoolId: pool.userPoolId, Username: user, Password: PASSWORD, Permanent: true });
  }
});
afterAll(() => server?.close());
afterEach(() => vi.restoreAllMocks());

it("cognate's signIn sends A = g^a for a 256-bit a, and signs in", async () => {
  let result: Awaited<ReturnType<typeof cognateAuth.signIn>> | undefined;
  const { draws, srpAs } = await observe(async () => {
    result = await cognateAuth.signIn({ username: 'cog-secret', password: PASSWORD });
  });
  expect(result?.isSignedIn).toBe(true);
  expect((await cognateAuth.fetchAuthSession()).tokens?.accessToken).toBeDefined();
  expect(srpAs).toHaveLength(1);
  const A = BigInt('0x' + srpAs[0]);
  const secrets = draws.filter(d => d.length === 32).map(d => BigInt('0x' + Buffer.from(d).toString('hex')));
  expect(secrets.some(a => pow2(a) === A)).toBe(true);
  expect(draws.some(d => d.length >= 128)).toBe(false);
  await cognateAuth.signOut();
});

it("aws-amplify's 1024-bit a still signs in against the same server", async () => {
  let result: Awaited<ReturnType<typeof amplifyAuth.signIn>> | undefined;
  const { srpAs } = await observe(async () => {
    result = await amplifyAuth.signIn({ username: 'amp-secret', password: PASSWORD });
  });
  expect(result?.isSignedIn).toBe(true);
  expect(srpAs).toHaveLength(1);
  expect(BigInt('0x' + srpAs[0]) % SRP_N).not.toBe(0n);
  await amplifyAuth.signOut();
});
