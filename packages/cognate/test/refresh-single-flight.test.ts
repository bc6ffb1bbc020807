/**
 * Refresh against cognate-local: 50 simultaneous `fetchAuthSession()` calls on an expired session
 * make exactly one GetTokensFromRefreshToken request and all get its tokens; a refresh token the
 * server no longer accepts reads as signed out (session cleared, `tokenRefresh_failure`).
 */
import type { RunningServer } from 'cognate-local';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { cognitoUserPoolsTokenProvider, fetchAuthSession, getCurrentUser, signIn, signOut, signUp, confirmSignUp } from '../src/auth-cognito.js';
import { Amplify } from '../src/index.js';
import { Hub } from '../src/utils.js';
import { call, createPoolAndClient, lastCode, MapStorage, startLocal } from './helpers.js';

let server: RunningServer;
let pool: { userPoolId: string; userPoolClientId: string };
const storage = new MapStorage();
const requests: string[] = [];
const events: string[] = [];
const PASSWORD = 'Corr3ct-Horse!';

const countingFetch: typeof fetch = async (input, init) => {
  const target = new Headers(init?.headers).get('x-amz-target') ?? '';
  requests.push(target.split('.').pop()!);
  return fetch(input, init);
};

beforeAll(async () => {
  server = await startLocal();
  pool = await createPoolAndClient(server.url);
  Amplify.configure({ Auth: { Cognito: { ...pool, userPoolEndpoint: server.url } } }, { fetch: countingFetch });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
  Hub.listen('auth', ({ payload }) => events.push(payload.event));
  await signUp({ username: 'racer', password: PASSWORD, options: { userAttributes: { email: 'racer@example.com' } } });
  await confirmSignUp({ username: 'racer', confirmationCode: await lastCode(server.url, pool.userPoolId, 'racer') });
});
afterAll(() => server?.close());
beforeEach(async () => {
  await signOut();
  await signIn({ username: 'racer', password: PASSWORD });
  requests.length = 0;
  events.length = 0;
});

/** Makes the stored session look expired: the client believes the server clock is 2 h ahead. */
function expireStoredSession(): void {
  const key = [...storage.map.keys()].find(k => k.endsWith('.clockDrift'))!;
  storage.map.set(key, String(2 * 3600 * 1000));
}

it('50 simultaneous fetchAuthSession() on an expired session → exactly one refresh request', async () => {
  const before = (await fetchAuthSession()).tokens!.accessToken.toString();
  expireStoredSession();
  await new Promise(r => setTimeout(r, 1100)); // new tokens get a later iat
  const sessions = await Promise.all(Array.from({ length: 50 }, () => fetchAuthSession()));
  expect(requests.filter(op => op === 'GetTokensFromRefreshToken')).toHaveLength(1);
  expect(requests).toHaveLength(1);
  const tokens = new Set(sessions.map(s => s.tokens?.accessToken.toString()));
  expect(tokens.size).toBe(1);
  expect([...tokens][0]).not.toBe(before);
  expect(events).toEqual(['tokenRefresh']);
  // The new clock drift is measured again, so the next read does not refresh.
  await fetchAuthSession();
  expect(requests).toHaveLength(1);
});

it('50 simultaneous forceRefresh calls → exactly one refresh request', async () => {
  await Promise.all(Array.from({ length: 50 }, () => fetchAuthSession({ forceRefresh: true })));
  expect(requests).toEqual(['GetTokensFromRefreshToken']);
});

it('a refresh token the server rejects → signed out, session cleared, tokenRefresh_failure', async () => {
  const access = (await fetchAuthSession()).tokens!.accessToken.toString();
  await call(server.url, 'GlobalSignOut', { AccessToken: access });
  const session = await fetchAuthSession({ forceRefresh: true });
  expect(session.tokens).toBeUndefined();
  expect(events).toEqual(['tokenRefresh_failure']);
  expect([...storage.map.keys()].some(k => k.endsWith('.accessToken'))).toBe(false);
  await expect(getCurrentUser()).rejects.toMatchObject({ name: 'UserUnAuthenticatedException' });
});
