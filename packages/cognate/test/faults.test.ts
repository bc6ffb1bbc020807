/**
 * cognate against a cognate-local that injects faults (`/_local/faults`): flows complete through
 * retries where Cognito clients retry (throttling, 5xx, dropped connections), give up with the
 * service's error name where retrying cannot help, and never lose or corrupt the stored session.
 */
import type { RunningServer } from 'cognate-local';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Amplify } from '../src/index.js';
import { cognitoUserPoolsTokenProvider, fetchAuthSession, getCurrentUser, signIn, signOut } from '../src/auth-cognito.js';
import { call, createPoolAndClient, faultStats, MapStorage, setFaults, startLocal } from './helpers.js';

let server: RunningServer;
let pool: { userPoolId: string; userPoolClientId: string };
const storage = new MapStorage();
const requests: string[] = [];

const faults = (settings: Parameters<typeof setFaults>[1]) => setFaults(server.url, settings);

beforeAll(async () => {
  server = await startLocal();
  pool = await createPoolAndClient(server.url);
  await call(server.url, 'AdminCreateUser', { UserPoolId: pool.userPoolId, Username: 'flaky', MessageAction: 'SUPPRESS' });
  await call(server.url, 'AdminSetUserPassword', { UserPoolId: pool.userPoolId, Username: 'flaky', Password: 'Passw0rd!', Permanent: true });
  const countingFetch: typeof fetch = async (input, init) => {
    requests.push(new Headers(init?.headers).get('x-amz-target')?.split('.').pop() ?? '?');
    return fetch(input, init);
  };
  Amplify.configure({ Auth: { Cognito: { ...pool, userPoolEndpoint: server.url } } }, { fetch: countingFetch });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
});
afterEach(async () => {
  await faults({});
  await signOut();
});
afterAll(() => server?.close());

describe('retries', () => {
  it('20 sign-in / refresh / sign-out cycles complete while a third of requests are throttled, fail or drop', async () => {
    await faults({ throttle: 0.15, error: 0.1, drop: 0.08, seed: 1123 });
    const surfaced: string[] = [];
    /** Runs a step as an app would: a transient failure (after cognate's own 3 attempts) is retried. */
    const step = async <T>(run: () => Promise<T>, consistent: () => Promise<void>): Promise<T> => {
      for (;;) {
        try {
          return await run();
        } catch (error) {
          const name = (error as Error).name;
          surfaced.push(name);
          expect(['TooManyRequestsException', 'InternalErrorException', 'NetworkError']).toContain(name);
          await consistent();
        }
      }
    };
    const signedOut = async () => expect([...storage.map.keys()].some(k => k.endsWith('.accessToken'))).toBe(false);
    let tokens = '';
    const stillSignedIn = async () => expect(storage.map.get([...storage.map.keys()].find(k => k.endsWith('.accessToken'))!)).toBe(tokens);
    for (let i = 0; i < 20; i++) {
      expect((await step(() => signIn({ username: 'flaky', password: 'Passw0rd!' }), signedOut)).isSignedIn).toBe(true);
      tokens = (await fetchAuthSession()).tokens!.accessToken.toString();
      const after = await step(() => fetchAuthSession({ forceRefresh: true }), stillSignedIn);
      expect(after.tokens?.accessToken?.toString()).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
      expect((await getCurrentUser()).username).toBe('flaky');
      await signOut(); // never fails: revocation errors are swallowed, local state always cleared
      await signedOut();
    }
    const { injected, requests: total } = await faultStats(server.url);
    expect(injected.throttle + injected.error + injected.drop).toBeGreaterThan(total / 5);
    // Retries hid most faults; the few that outlasted three attempts surfaced with retryable names.
    expect(surfaced.length).toBeLessThan((injected.throttle + injected.error + injected.drop) / 3);
    console.log(
      `faults: ${total} requests, injected ${JSON.stringify(injected)}, ${surfaced.length} surfaced after retries (${[...new Set(surfaced)].join(', ')}), 20/20 cycles completed, session never lost`,
    );
  }, 60_000);
});

describe('giving up', () => {
  it('a refresh that keeps failing throws the service error and keeps the session', async () => {
    await signIn({ username: 'flaky', password: 'Passw0rd!' });
    const snapshot = new Map(storage.map);
    await faults({ unavailable: 1, operations: ['GetTokensFromRefreshToken'] });
    requests.length = 0;
    await expect(fetchAuthSession({ forceRefresh: true })).rejects.toMatchObject({ name: 'ServiceUnavailableException' });
    expect(requests.filter(r => r === 'GetTokensFromRefreshToken')).toHaveLength(3); // three attempts, as Amplify
    expect(storage.map).toEqual(snapshot);
    await faults({});
    expect((await fetchAuthSession({ forceRefresh: true })).tokens?.accessToken?.toString()).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  });

  it('throttling that outlasts the retries surfaces as TooManyRequestsException, and sign-in can be tried again', async () => {
    await faults({ throttle: 1, operations: ['InitiateAuth'] });
    await expect(signIn({ username: 'flaky', password: 'Passw0rd!' })).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    expect([...storage.map.keys()].some(k => k.endsWith('.accessToken'))).toBe(false);
    await faults({});
    expect((await signIn({ username: 'flaky', password: 'Passw0rd!' })).isSignedIn).toBe(true);
  });

  it('a definitive answer is not retried', async () => {
    requests.length = 0;
    await expect(signIn({ username: 'flaky', password: 'Wrong-Passw0rd!' })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect(requests.filter(r => r === 'RespondToAuthChallenge')).toHaveLength(1);
  });

  it('sign-out clears the local session even when the server cannot be reached', async () => {
    await signIn({ username: 'flaky', password: 'Passw0rd!' });
    await faults({ drop: 1 });
    await signOut();
    await faults({});
    expect([...storage.map.keys()].some(k => k.endsWith('.accessToken') || k.endsWith('.refreshToken'))).toBe(false);
  });

  it('a lost answer after the refresh ran (rotation off) leaves a session that still refreshes', async () => {
    await signIn({ username: 'flaky', password: 'Passw0rd!' });
    await faults({ drop: 1, phase: 'after', operations: ['GetTokensFromRefreshToken'] });
    await expect(fetchAuthSession({ forceRefresh: true })).rejects.toMatchObject({ name: 'NetworkError', message: 'A network error has occurred.' });
    await faults({});
    expect((await fetchAuthSession({ forceRefresh: true })).tokens?.accessToken?.toString()).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  });
});
